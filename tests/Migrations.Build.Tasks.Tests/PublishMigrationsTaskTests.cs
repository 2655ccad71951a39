using Microsoft.Build.Utilities;

namespace Migrations.Build.Tasks.Tests;

[TestClass]
public sealed class PublishMigrationsTaskTests
{
    [TestMethod]
    public void Project_settings_and_environments_reach_the_artifact_but_a_value_from_the_environment_does_not()
    {
        using var folder = new TaskFolder();
        var artifact = Path.Combine(folder.Root, "out", "migrations");
        var variable = "MigrationsHistoryTable";
        Environment.SetEnvironmentVariable(variable, "from_ci");
        try
        {
            var engine = new RecordingBuildEngine();
            var qa = new TaskItem("QA");
            qa.SetMetadata("UrlVariable", "QA_DATABASE_URL");
            var task = new PublishMigrations
            {
                BuildEngine = engine,
                MigrationsDirectory = folder.Root,
                ArtifactDirectory = artifact,
                ProjectPath = folder.ProjectPath,
                SdkVersion = "1.2.3",
                Settings = [Setting("MigrationsHistorySchema", "audit"), Setting(variable, "from_ci"), Setting("MigrationsLockWait", string.Empty)],
                Environments = [qa],
            };

            Assert.IsTrue(task.Execute(), string.Join('\n', engine.Errors.Select(error => error.Message)));

            var project = File.ReadAllText(Path.Combine(artifact, "migrations.proj"));
            StringAssert.StartsWith(project, "<Project Sdk=\"Migrations.Build.Sdk/1.2.3\">");
            StringAssert.Contains(project, "<MigrationsHistorySchema>audit</MigrationsHistorySchema>");
            Assert.DoesNotContain(variable, project);
            Assert.DoesNotContain("MigrationsLockWait", project);
            StringAssert.Contains(project, "<MigrationEnvironment Include=\"QA\" UrlVariable=\"QA_DATABASE_URL\" />");
            StringAssert.Contains(engine.Messages.Last().Message!, $"Published 1 migration(s) to {artifact}; ");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public void A_publish_that_cannot_be_written_fails_with_its_code()
    {
        using var folder = new TaskFolder();
        var engine = new RecordingBuildEngine();
        var task = new PublishMigrations { BuildEngine = engine, MigrationsDirectory = folder.Root, ArtifactDirectory = folder.Root, ProjectPath = folder.ProjectPath };

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MIG0016", engine.Errors.Single().Code);
    }

    private static TaskItem Setting(string name, string value)
    {
        var item = new TaskItem(name);
        item.SetMetadata("Value", value);
        return item;
    }
}
