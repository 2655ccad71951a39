using Migrations.Build.Engine.Artifacts;

namespace Migrations.Build.Engine.Tests.Artifacts;

[TestClass]
public sealed class ArtifactManifestJsonTests
{
    private static ArtifactManifest Sample(params ArtifactMigration[] migrations) =>
        new(ArtifactLayout.FormatVersion, "1.2.3", "Billing.Database", "rollback", migrations, [new ArtifactFile("migrations.proj", "cc")]);

    private static ArtifactMigration Migration(string version, string name, bool irreversible = false) =>
        new(version, name, new ArtifactFile($"{version}_{name}.sql", "f" + version), new ArtifactFile($"rollback/{version}_{name}_rollback.sql", "r" + version), irreversible);

    [TestMethod]
    public void A_manifest_reads_back_as_written()
    {
        var written = Sample(Migration("20250101000000", "customers"), Migration("20250201000000", "orders", irreversible: true));

        var read = ArtifactManifestJson.Read(ArtifactManifestJson.Write(written));

        Assert.AreEqual(written.ToolVersion, read.ToolVersion);
        Assert.AreEqual(written.Project, read.Project);
        Assert.AreEqual(written.RollbackDirectory, read.RollbackDirectory);
        CollectionAssert.AreEqual(written.Migrations.ToList(), read.Migrations.ToList());
        CollectionAssert.AreEqual(written.SupportFiles.ToList(), read.SupportFiles.ToList());
    }

    [TestMethod]
    public void The_same_migrations_in_any_order_give_the_same_bytes()
    {
        var first = ArtifactManifestJson.Write(Sample(Migration("20250101000000", "a"), Migration("20250201000000", "b")));
        var second = ArtifactManifestJson.Write(Sample(Migration("20250201000000", "b"), Migration("20250101000000", "a")));

        Assert.AreEqual(first, second);
        Assert.IsLessThan(first.IndexOf("20250201000000", StringComparison.Ordinal), first.IndexOf("20250101000000", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", first);
    }

    [TestMethod]
    public void A_migration_without_rollback_is_written_with_nulls_and_read_back_without_one()
    {
        var migration = new ArtifactMigration("20250101000000", "a", new ArtifactFile("20250101000000_a.sql", "ff"), null, Irreversible: false);

        var read = ArtifactManifestJson.Read(ArtifactManifestJson.Write(Sample(migration)));

        Assert.IsNull(read.Migrations.Single().Rollback);
    }

    [TestMethod]
    public void A_manifest_of_another_format_is_refused_with_the_reason()
    {
        var newer = ArtifactManifestJson.Write(Sample()).Replace("\"format\": 1", "\"format\": 2", StringComparison.Ordinal);

        var exception = Assert.ThrowsExactly<ArtifactManifestException>(() => ArtifactManifestJson.Read(newer));

        StringAssert.Contains(exception.Message, "it has format 2");
    }

    [TestMethod]
    public void Text_that_is_not_a_manifest_is_refused()
    {
        Assert.ThrowsExactly<ArtifactManifestException>(() => ArtifactManifestJson.Read("{ \"format\": 1 }"));
        Assert.ThrowsExactly<ArtifactManifestException>(() => ArtifactManifestJson.Read("not json"));
    }
}
