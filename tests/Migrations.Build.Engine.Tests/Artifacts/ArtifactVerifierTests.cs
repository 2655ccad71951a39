using Migrations.Build.Engine.Artifacts;

namespace Migrations.Build.Engine.Tests.Artifacts;

[TestClass]
public sealed class ArtifactVerifierTests
{
    private const string Customers = "20250101000000_customers";

    private static ArtifactSource Published()
    {
        var source = new ArtifactSource();
        source.Write($"migrations/{Customers}.sql", "create table customers (id int);\n");
        source.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        var result = source.Publish();
        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        return source;
    }

    [TestMethod]
    public void A_changed_migration_is_named_with_both_checksums_at_its_first_line()
    {
        using var source = Published();
        var forward = Path.Combine(source.ArtifactDirectory, $"{Customers}.sql");
        var published = Migrations.Build.Engine.Discovery.MigrationText.ComputeChecksum(File.ReadAllText(forward));
        File.WriteAllText(forward, "create table customers (id bigint);\n");

        var diagnostic = ArtifactVerifier.Verify(source.ManifestPath).Single();

        Assert.AreEqual("MIG0014", diagnostic.Code);
        Assert.AreEqual($"{forward}(1,1)", diagnostic.Location.ToString());
        Assert.AreEqual(
            $"{Customers}.sql does not match the artifact's manifest: it was published with checksum {published}, and the file now has checksum {Migrations.Build.Engine.Discovery.MigrationText.ComputeChecksum("create table customers (id bigint);\n")}. Do not edit a published artifact: change the source project and publish again (dotnet publish), then deploy the new folder as a whole.",
            diagnostic.Message);
    }

    [TestMethod]
    public void Line_endings_changed_by_a_copy_are_not_a_change()
    {
        using var source = Published();
        File.WriteAllText(Path.Combine(source.ArtifactDirectory, $"{Customers}.sql"), "\uFEFFcreate table customers (id int);\r\n");

        Assert.IsEmpty(ArtifactVerifier.Verify(source.ManifestPath));
    }

    [TestMethod]
    public void A_missing_rollback_is_reported_at_the_manifest()
    {
        using var source = Published();
        File.Delete(Path.Combine(source.ArtifactDirectory, $"{Customers}_rollback.sql"));

        var diagnostic = ArtifactVerifier.Verify(source.ManifestPath).Single();

        Assert.AreEqual("MIG0013", diagnostic.Code);
        Assert.AreEqual(source.ManifestPath, diagnostic.Location.FilePath);
        StringAssert.StartsWith(diagnostic.Message, $"{Customers}_rollback.sql is listed in the artifact's manifest (checksum ");
    }

    [TestMethod]
    public void An_added_migration_is_refused()
    {
        using var source = Published();
        var added = Path.Combine(source.ArtifactDirectory, "20250301000000_sneaky.sql");
        File.WriteAllText(added, "drop table customers;\n");

        var diagnostic = ArtifactVerifier.Verify(source.ManifestPath).Single();

        Assert.AreEqual("MIG0015", diagnostic.Code);
        Assert.AreEqual(added, diagnostic.Location.FilePath);
        StringAssert.StartsWith(diagnostic.Message, "20250301000000_sneaky.sql is in the artifact but not in its manifest");
    }

    [TestMethod]
    public void An_edited_project_file_is_a_change_and_a_second_project_is_refused()
    {
        using var source = Published();
        var project = Path.Combine(source.ArtifactDirectory, "migrations.proj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</PropertyGroup>", "<MigrationsSkipStagingCheck>true</MigrationsSkipStagingCheck></PropertyGroup>", StringComparison.Ordinal));
        var other = Path.Combine(source.ArtifactDirectory, "other.proj");
        File.WriteAllText(other, "<Project />");

        var codes = ArtifactVerifier.Verify(source.ManifestPath, other).Select(diagnostic => $"{diagnostic.Code} {Path.GetFileName(diagnostic.Location.FilePath)}").ToArray();

        CollectionAssert.AreEqual(new[] { "MIG0014 migrations.proj", "MIG0015 other.proj" }, codes);
    }

    [TestMethod]
    public void Build_output_beside_the_artifact_is_ignored()
    {
        using var source = Published();
        Directory.CreateDirectory(Path.Combine(source.ArtifactDirectory, "obj"));
        File.WriteAllText(Path.Combine(source.ArtifactDirectory, "obj", "project.assets.json"), "{}");
        File.WriteAllText(Path.Combine(source.ArtifactDirectory, "obj", "20250301000000_x.sql"), "select 1;");

        Assert.IsEmpty(ArtifactVerifier.Verify(source.ManifestPath, Path.Combine(source.ArtifactDirectory, "migrations.proj")));
    }

    [TestMethod]
    public void A_missing_or_damaged_manifest_is_reported()
    {
        using var source = Published();
        File.WriteAllText(source.ManifestPath, "{ \"format\": 1 ");

        var damaged = ArtifactVerifier.Verify(source.ManifestPath).Single();
        File.Delete(source.ManifestPath);
        var missing = ArtifactVerifier.Verify(source.ManifestPath).Single();

        Assert.AreEqual("MIG0012", damaged.Code);
        StringAssert.StartsWith(damaged.Message, $"The artifact's manifest {source.ManifestPath} cannot be used: it is not a valid manifest (");
        Assert.AreEqual("MIG0012", missing.Code);
        StringAssert.StartsWith(missing.Message, $"The artifact's manifest {source.ManifestPath} cannot be used: it does not exist.");
    }
}
