namespace Migrations.Build.Tasks.Tests;

/// <summary>
/// What the engine reports reaches the build as MSBuild errors with code and help link, pointing at the project when
/// the problem has no file of its own; each database task runs its own engine command.
/// </summary>
[TestClass]
public sealed class DatabaseTaskLoggingTests
{
    [TestMethod]
    public void Every_database_task_refuses_the_throwaway_environment_through_its_engine_command()
    {
        // Only TestMigration may run on Local; each other task reaching that refusal shows it ran its own command.
        DatabaseTask[] tasks = [new DeployMigration(), new RollbackMigration(), new MigrationStatus(), new ResolveMigration { Migration = "20250210000000_billing", As = "applied" }];
        using var folder = new TaskFolder();
        foreach (var task in tasks)
        {
            var engine = new RecordingBuildEngine();
            task.BuildEngine = engine;
            task.MigrationsDirectory = folder.Root;
            task.EnvironmentName = "Local";
            task.ProjectPath = folder.ProjectPath;

            Assert.IsFalse(task.Execute(), task.GetType().Name);

            var error = engine.Errors.Single(error => error.Code == "MIG1019");
            Assert.AreEqual(folder.ProjectPath, error.File, "a problem without a file of its own points at the project");
            Assert.EndsWith("docs/diagnostics.md#mig1019", error.HelpLink);
            StringAssert.StartsWith(error.Message, "Local is a throwaway database");
        }
    }

    [TestMethod]
    public void Inside_an_artifact_each_database_task_checks_the_manifest_first_and_stops_on_a_tampered_file()
    {
        // The check runs in the database task itself (one task host per target): a tampered artifact stops it with
        // MIG0014 before its command runs; an intact one goes on to the command (here: Local refused, MIG1019).
        using var folder = new TaskFolder();
        var artifact = Path.Combine(folder.Root, "out", "migrations");
        var publish = new PublishMigrations { BuildEngine = new RecordingBuildEngine(), MigrationsDirectory = folder.Root, ArtifactDirectory = artifact, ProjectPath = folder.ProjectPath };
        Assert.IsTrue(publish.Execute());
        var manifest = Path.Combine(artifact, "migrations.json");

        foreach (var tampered in new[] { false, true })
        {
            if (tampered)
            {
                File.AppendAllText(Path.Combine(artifact, "20250210000000_billing.sql"), "-- edited after publishing\n");
            }

            DatabaseTask[] tasks = [new DeployMigration(), new RollbackMigration(), new MigrationStatus(), new ResolveMigration { Migration = "20250210000000_billing", As = "applied" }];
            foreach (var task in tasks)
            {
                var engine = new RecordingBuildEngine();
                task.BuildEngine = engine;
                task.MigrationsDirectory = artifact;
                task.EnvironmentName = "Local";
                task.ProjectPath = Path.Combine(artifact, "migrations.proj");
                task.ArtifactManifest = manifest;

                Assert.IsFalse(task.Execute(), task.GetType().Name);

                var codes = engine.Errors.Select(error => error.Code).ToArray();
                CollectionAssert.AreEqual(tampered ? new[] { "MIG0014" } : new[] { "MIG1019" }, codes, $"{task.GetType().Name}: {string.Join("; ", engine.Errors.Select(error => error.Message))}");
                Assert.AreEqual(!tampered, engine.Messages.Any(message => message.Message == $"The artifact matches its manifest {manifest}."), task.GetType().Name);
            }
        }
    }

    [TestMethod]
    public void Cancel_arriving_after_the_task_ended_is_harmless()
    {
        // Ctrl+C can reach MSBuild's cancel thread just as the task returns; that late Cancel must not throw there.
        using var folder = new TaskFolder();
        var engine = new RecordingBuildEngine();
        var task = new MigrationStatus { BuildEngine = engine, MigrationsDirectory = folder.Root, EnvironmentName = "Stagin" };

        Assert.IsFalse(task.Execute());
        task.Cancel();
        task.Cancel();

        Assert.AreEqual("MIG1002", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void An_unknown_environment_is_one_coded_error_with_a_suggestion()
    {
        using var folder = new TaskFolder();
        var engine = new RecordingBuildEngine();
        var task = new RollbackMigration { BuildEngine = engine, MigrationsDirectory = folder.Root, EnvironmentName = "Stagin" };

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("MIG1002", error.Code);
        StringAssert.Contains(error.Message, "Did you mean Staging?");
    }
}
