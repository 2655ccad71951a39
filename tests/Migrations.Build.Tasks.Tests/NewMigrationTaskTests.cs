using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks.Tests;

[TestClass]
public sealed class NewMigrationTaskTests
{
    [TestMethod]
    public void Creates_the_pair_in_both_folders_prints_the_paths_at_high_importance_and_the_build_then_passes()
    {
        using var folder = new TaskFolder();
        var rollbacks = Path.Combine(folder.Root, "rollbacks");
        var engine = new RecordingBuildEngine();
        var task = new NewMigration { BuildEngine = engine, MigrationsDirectory = folder.Root, MigrationsRollbackDirectory = rollbacks, Name = "add_invoices", ProjectPath = folder.ProjectPath };

        Assert.IsTrue(task.Execute(), string.Join(Environment.NewLine, engine.Errors.Select(e => e.Message)));

        var forward = Directory.GetFiles(folder.Root, "*_add_invoices.sql").Single();
        var rollback = Directory.GetFiles(rollbacks).Single();
        Assert.AreEqual(Path.GetFileNameWithoutExtension(forward) + "_rollback.sql", Path.GetFileName(rollback));
        var important = engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message).ToList();
        CollectionAssert.Contains(important, "  " + forward);
        CollectionAssert.Contains(important, "  " + rollback);

        // With a separate rollback folder, the existing pair's rollback belongs there too.
        File.Move(Path.Combine(folder.Root, "20250210000000_billing_rollback.sql"), Path.Combine(rollbacks, "20250210000000_billing_rollback.sql"));
        var validation = new RecordingBuildEngine();
        Assert.IsTrue(new ValidateMigrations { BuildEngine = validation, MigrationsDirectory = folder.Root, MigrationsRollbackDirectory = rollbacks }.Execute());
        CollectionAssert.AreEqual(new[] { "MIG0019", "MIG0019" }, validation.Warnings.Select(w => w.Code).ToArray());
    }

    [TestMethod]
    public void A_bad_name_fails_with_MIG0003_at_the_project_file()
    {
        using var folder = new TaskFolder();
        var engine = new RecordingBuildEngine();
        var task = new NewMigration { BuildEngine = engine, MigrationsDirectory = folder.Root, Name = "AddInvoices", ProjectPath = folder.ProjectPath };

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("MIG0003", error.Code);
        Assert.AreEqual(folder.ProjectPath, error.File);
        Assert.AreEqual("The name 'AddInvoices' is not lower snake case ([a-z0-9_]+); use -p:Name=add_invoices.", error.Message);
        Assert.HasCount(2, Directory.GetFiles(folder.Root));
    }
}
