using System.Xml.Linq;
using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Engine.Tests.Artifacts;

[TestClass]
public sealed class ArtifactProjectTests
{
    private const string Awkward = "pg_dump --file=\"$BACKUP_DIR/%d.dump\" @(x) $(y); echo 'done' <now> & *.sql?";

    /// <summary>What MSBuild does to a value from a project file before a task sees it: %xx sequences are decoded.</summary>
    private static string MSBuildUnescape(string value) => Uri.UnescapeDataString(value);

    [TestMethod]
    public void Awkward_values_come_back_from_the_project_exactly_as_set()
    {
        var text = ArtifactProject.Write("Billing.Database", "1.0.0", ".", [new ArtifactSetting("MigrationsBackupCommand", Awkward)], [new EnvironmentDeclaration("QA;1", "QA_URL", RequireTestedOn: "Staging")]);

        var project = XDocument.Parse(text).Root!;
        var command = project.Descendants("MigrationsBackupCommand").Single().Value;
        var environment = project.Descendants("MigrationEnvironment").Single();
        Assert.AreEqual(Awkward, MSBuildUnescape(command));
        Assert.AreEqual("QA;1", MSBuildUnescape(environment.Attribute("Include")!.Value));
        Assert.DoesNotContain("$(", command, "a property reference would be expanded by MSBuild");
        Assert.DoesNotContain("@(", command, "an item reference would be expanded by MSBuild");
        Assert.DoesNotContain(";", command);
    }

    [TestMethod]
    public void The_project_takes_the_publishing_SDK_version_and_points_at_the_artifact_folders()
    {
        var project = XDocument.Parse(ArtifactProject.Write("Billing.Database", "2.1.0-beta.1", "rollback", [], [])).Root!;

        Assert.AreEqual("Migrations.Build.Sdk/2.1.0-beta.1", project.Attribute("Sdk")!.Value);
        Assert.AreEqual(".", project.Descendants("MigrationsDirectory").Single().Value);
        Assert.AreEqual("rollback", project.Descendants("MigrationsRollbackDirectory").Single().Value);
        Assert.AreEqual(ArtifactLayout.ManifestFileName, project.Descendants(ArtifactProject.ManifestProperty).Single().Value);
        Assert.IsEmpty(project.Elements("ItemGroup"));
    }

    [TestMethod]
    public void Without_a_known_SDK_version_the_project_names_the_SDK_alone()
    {
        var project = XDocument.Parse(ArtifactProject.Write("Billing.Database", null, ".", [], [])).Root!;

        Assert.AreEqual("Migrations.Build.Sdk", project.Attribute("Sdk")!.Value);
    }

    [TestMethod]
    public void Environments_keep_their_metadata_and_leave_out_what_was_not_set()
    {
        var project = XDocument.Parse(ArtifactProject.Write("Billing.Database", "1.0.0", ".", [], [new EnvironmentDeclaration("QA", "QA_DATABASE_URL", "CONFIRM_QA", "Staging", "true"), new EnvironmentDeclaration("Preview", "PREVIEW_URL")])).Root!;

        var environments = project.Descendants("MigrationEnvironment").ToList();
        Assert.AreEqual("QA|QA_DATABASE_URL|CONFIRM_QA|Staging|true", string.Join('|', environments[0].Attributes().Select(attribute => attribute.Value)));
        CollectionAssert.AreEqual(new[] { "Include", "UrlVariable" }, environments[1].Attributes().Select(attribute => attribute.Name.LocalName).ToArray());
    }

    [TestMethod]
    public void Settings_are_written_in_name_order_so_the_project_is_the_same_every_publish()
    {
        var first = ArtifactProject.Write("P", "1.0.0", ".", [new ArtifactSetting("MigrationsLockWait", "10s"), new ArtifactSetting("MigrationsHistorySchema", "audit")], []);
        var second = ArtifactProject.Write("P", "1.0.0", ".", [new ArtifactSetting("MigrationsHistorySchema", "audit"), new ArtifactSetting("MigrationsLockWait", "10s")], []);

        Assert.AreEqual(first, second);
        Assert.IsLessThan(first.IndexOf("MigrationsLockWait", StringComparison.Ordinal), first.IndexOf("MigrationsHistorySchema", StringComparison.Ordinal));
    }
}
