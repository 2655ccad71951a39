namespace Migrations.Build.Tasks.Tests;

/// <summary>The fingerprint task fails the build, pointing at the project, when it cannot keep its file current.</summary>
[TestClass]
public sealed class FingerprintMigrationInputsTaskTests
{
    [TestMethod]
    public void A_fingerprint_that_can_be_neither_written_nor_removed_fails_with_MIG0020_at_the_project()
    {
        using var folder = new TaskFolder();
        var file = Path.Combine(folder.Root, "obj", "validation.fingerprint");
        Directory.CreateDirectory(file);
        var engine = new RecordingBuildEngine();
        var task = new FingerprintMigrationInputs { BuildEngine = engine, MigrationsDirectory = folder.Root, File = file, ProjectPath = folder.ProjectPath };

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("MIG0020", error.Code);
        Assert.AreEqual(folder.ProjectPath, error.File);
        Assert.EndsWith("docs/diagnostics.md#mig0020", error.HelpLink);
    }

    [TestMethod]
    public void A_current_fingerprint_is_written_and_the_task_succeeds()
    {
        using var folder = new TaskFolder();
        var file = Path.Combine(folder.Root, "obj", "validation.fingerprint");
        var engine = new RecordingBuildEngine();
        var task = new FingerprintMigrationInputs { BuildEngine = engine, MigrationsDirectory = folder.Root, File = file, ProjectPath = folder.ProjectPath };

        Assert.IsTrue(task.Execute());

        Assert.IsEmpty(engine.Errors);
        Assert.AreEqual(64, File.ReadAllText(file).Length, "a SHA-256 in hex");
    }
}
