namespace Migrations.Build.Tasks.Tests;

[TestClass]
public sealed class ValidateMigrationsTaskTests
{
    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mb-task-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    [TestMethod]
    public void Errors_carry_code_file_position_and_help_link()
    {
        var folder = NewFolder();
        var forward = Path.Combine(folder, "20250210000000_billing.sql");
        File.WriteAllText(forward, "create table t (id int);");
        var engine = new RecordingBuildEngine();
        var task = new ValidateMigrations { BuildEngine = engine, MigrationsDirectory = folder };

        var succeeded = task.Execute();

        Assert.IsFalse(succeeded);
        var error = engine.Errors.Single();
        Assert.AreEqual("MIG0001", error.Code);
        Assert.AreEqual(forward, error.File);
        Assert.AreEqual(1, error.LineNumber);
        Assert.AreEqual(1, error.ColumnNumber);
        Assert.EndsWith("docs/diagnostics.md#mig0001", error.HelpLink);
        StringAssert.StartsWith(error.Message, "Migration 20250210000000_billing has no rollback;");
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void Warnings_do_not_fail_the_task()
    {
        var engine = new RecordingBuildEngine();
        var task = new ValidateMigrations { BuildEngine = engine, MigrationsDirectory = Path.Combine(Path.GetTempPath(), "mb-none-" + Guid.NewGuid().ToString("N")) };

        Assert.IsTrue(task.Execute());
        Assert.AreEqual("MIG0009", engine.Warnings.Single().Code);
        Assert.IsEmpty(engine.Errors);
    }

    [TestMethod]
    public void Valid_pairs_in_a_separate_rollback_folder_pass_and_are_counted()
    {
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "20250210000000_billing.sql"), "create table t (id int);\r\n");
        Directory.CreateDirectory(Path.Combine(folder, "rollbacks"));
        File.WriteAllText(Path.Combine(folder, "rollbacks", "20250210000000_billing_rollback.sql"), "-- migrations:irreversible\n");
        var engine = new RecordingBuildEngine();
        var task = new ValidateMigrations { BuildEngine = engine, MigrationsDirectory = folder, MigrationsRollbackDirectory = Path.Combine(folder, "rollbacks") };

        Assert.IsTrue(task.Execute(), string.Join(Environment.NewLine, engine.Errors.Select(e => e.Message)));

        Assert.IsEmpty(engine.Errors);
        Assert.IsTrue(engine.Messages.Any(m => m.Message == $"Validated 1 migration(s) in {folder}."), string.Join(Environment.NewLine, engine.Messages.Select(m => m.Message)));
        Directory.Delete(folder, true);
    }

    [TestMethod]
    public void Declares_no_outputs_for_the_task_host_to_send_back()
    {
        // The task host sends every [Output] back to the build, read or not; nothing reads any from this task.
        var outputs = typeof(ValidateMigrations).GetProperties()
            .Where(property => property.GetCustomAttributes(typeof(Microsoft.Build.Framework.OutputAttribute), inherit: true).Length > 0)
            .Select(property => property.Name);

        Assert.IsEmpty(outputs);
    }
}
