using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Tests.Artifacts;

[TestClass]
public sealed class ArtifactPublisherTests
{
    private const string Customers = "20250101000000_customers";
    private const string Orders = "20250201000000_orders";

    private static void WritePairs(ArtifactSource source, string rollbackFolder = "migrations")
    {
        source.Write($"migrations/{Customers}.sql", "create table customers (id int);\r\n");
        source.Write($"{rollbackFolder}/{Customers}_rollback.sql", "drop table customers;\n");
        source.Write($"migrations/{Orders}.sql", "create table orders (id int);\n");
        source.Write($"{rollbackFolder}/{Orders}_rollback.sql", "drop table orders;\n");
    }

    [TestMethod]
    public void Only_the_pairs_the_manifest_and_the_project_go_into_the_artifact()
    {
        using var source = new ArtifactSource();
        WritePairs(source);
        source.Write("migrations/README.md", "notes\n");
        source.Write("migrations/seeds/customers.sql", "insert into customers values (1);\n");

        var result = source.Publish();

        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        CollectionAssert.AreEqual(
            new[] { $"{Customers}.sql", $"{Customers}_rollback.sql", $"{Orders}.sql", $"{Orders}_rollback.sql", "migrations.json", "migrations.proj" },
            source.ArtifactFiles());
    }

    [TestMethod]
    public void The_manifest_records_the_contract_checksums_of_both_files()
    {
        using var source = new ArtifactSource();
        WritePairs(source);

        source.Publish();

        var manifest = ArtifactManifestJson.Read(File.ReadAllText(source.ManifestPath));
        var customers = manifest.Migrations.First();
        Assert.AreEqual("20250101000000", customers.Version);
        Assert.AreEqual("customers", customers.Name);
        Assert.AreEqual(MigrationText.ComputeChecksum("create table customers (id int);\n"), customers.Forward.Checksum, "CRLF is normalised as the contract says");
        Assert.AreEqual(MigrationText.ComputeChecksum("drop table customers;\n"), customers.Rollback!.Checksum);
        Assert.AreEqual("Billing.Database", manifest.Project);
        Assert.IsFalse(string.IsNullOrWhiteSpace(manifest.ToolVersion));
    }

    [TestMethod]
    public void Rollbacks_kept_in_their_own_folder_go_to_rollback_and_the_project_points_there()
    {
        using var source = new ArtifactSource();
        WritePairs(source, "rollbacks");

        var result = source.Publish("rollbacks");

        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        CollectionAssert.Contains(source.ArtifactFiles(), $"rollback/{Orders}_rollback.sql");
        StringAssert.Contains(File.ReadAllText(Path.Combine(source.ArtifactDirectory, "migrations.proj")), "<MigrationsRollbackDirectory>rollback</MigrationsRollbackDirectory>");
        Assert.IsEmpty(ArtifactVerifier.Verify(source.ManifestPath));
        var rediscovered = MigrationValidatorFor(source.ArtifactDirectory, Path.Combine(source.ArtifactDirectory, "rollback"));
        Assert.AreEqual(2, rediscovered.Set.Pairs.Count, string.Join('\n', rediscovered.Diagnostics));
        Assert.IsEmpty(rediscovered.Diagnostics);
    }

    [TestMethod]
    public void Publishing_the_same_files_twice_gives_identical_bytes()
    {
        using var source = new ArtifactSource();
        WritePairs(source);

        source.Publish();
        var manifest = File.ReadAllBytes(source.ManifestPath);
        var project = File.ReadAllBytes(Path.Combine(source.ArtifactDirectory, "migrations.proj"));
        source.Publish();

        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(source.ManifestPath));
        CollectionAssert.AreEqual(project, File.ReadAllBytes(Path.Combine(source.ArtifactDirectory, "migrations.proj")));
    }

    [TestMethod]
    public void A_migration_deleted_between_two_publishes_leaves_nothing_behind()
    {
        using var source = new ArtifactSource();
        WritePairs(source);
        source.Publish();
        File.WriteAllText(Path.Combine(source.ArtifactDirectory, "stray.txt"), "left by hand");

        File.Delete(Path.Combine(source.Root, "migrations", $"{Orders}.sql"));
        File.Delete(Path.Combine(source.Root, "migrations", $"{Orders}_rollback.sql"));
        source.Publish();

        CollectionAssert.AreEqual(new[] { $"{Customers}.sql", $"{Customers}_rollback.sql", "migrations.json", "migrations.proj" }, source.ArtifactFiles());
    }

    [TestMethod]
    public void A_broken_pair_fails_the_publish_and_writes_nothing()
    {
        using var source = new ArtifactSource();
        source.Write($"migrations/{Customers}.sql", "create table customers (id int);\n");

        var result = source.Publish();

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("MIG0001", result.Diagnostics.Single().Code);
        Assert.IsFalse(Directory.Exists(source.ArtifactDirectory));
    }

    [TestMethod]
    public void A_project_without_migrations_publishes_an_empty_artifact_that_verifies()
    {
        using var source = new ArtifactSource();
        Directory.CreateDirectory(Path.Combine(source.Root, "migrations"));

        var result = source.Publish();

        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.IsEmpty(result.Manifest!.Migrations);
        CollectionAssert.AreEqual(new[] { "migrations.json", "migrations.proj" }, source.ArtifactFiles());
        Assert.IsEmpty(ArtifactVerifier.Verify(source.ManifestPath));
    }

    [TestMethod]
    public void An_artifact_folder_that_holds_the_migrations_folder_is_refused()
    {
        using var source = new ArtifactSource();
        WritePairs(source);

        var result = ArtifactPublisher.Publish(new ArtifactPublishRequest("P", source.Root, new MigrationDiscoveryOptions(Path.Combine(source.Root, "migrations")), null, source.Root, "1.0.0", [], []));

        Assert.AreEqual("MIG0016", result.Diagnostics.Single().Code);
        Assert.AreEqual($"Migrations cannot be published: the artifact folder {source.Root} is or contains the project's migrations folder, and publishing deletes and rewrites it as a whole; publish to another folder (dotnet publish -o <folder>, or set PublishDir).", result.Diagnostics.Single().Message);
        Assert.IsTrue(File.Exists(Path.Combine(source.Root, "migrations", $"{Customers}.sql")));
    }

    [TestMethod]
    public void An_artifact_inside_the_migrations_folder_is_allowed()
    {
        using var source = new ArtifactSource();
        WritePairs(source);

        var result = ArtifactPublisher.Publish(new ArtifactPublishRequest("P", source.Root, new MigrationDiscoveryOptions(Path.Combine(source.Root, "migrations")), null, Path.Combine(source.Root, "migrations", "bin", "publish", "migrations"), "1.0.0", [], []));

        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.HasCount(2, result.Manifest!.Migrations);
    }

    [TestMethod]
    public void A_bootstrap_file_travels_with_the_artifact_and_the_project_points_at_the_copy()
    {
        using var source = new ArtifactSource();
        WritePairs(source);
        source.Write("db/bootstrap.sql", "create role app;\n");

        var result = source.Publish(settings: [new ArtifactSetting("MigrationsLocalBootstrap", "db/bootstrap.sql"), new ArtifactSetting("MigrationsLockWait", "30s")]);

        Assert.IsTrue(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.AreEqual("create role app;\n", File.ReadAllText(Path.Combine(source.ArtifactDirectory, "bootstrap", "bootstrap.sql")));
        var project = File.ReadAllText(Path.Combine(source.ArtifactDirectory, "migrations.proj"));
        StringAssert.Contains(project, "<MigrationsLocalBootstrap>bootstrap/bootstrap.sql</MigrationsLocalBootstrap>");
        StringAssert.Contains(project, "<MigrationsLockWait>30s</MigrationsLockWait>");
        CollectionAssert.Contains(result.Manifest!.SupportFiles.Select(file => file.Path).ToList(), "bootstrap/bootstrap.sql");
        Assert.IsEmpty(ArtifactVerifier.Verify(source.ManifestPath));
    }

    [TestMethod]
    public void A_missing_bootstrap_file_fails_the_publish_before_the_old_artifact_is_removed()
    {
        using var source = new ArtifactSource();
        WritePairs(source);
        source.Publish();

        var result = source.Publish(settings: [new ArtifactSetting("MigrationsLocalBootstrap", "db/missing.sql")]);

        Assert.AreEqual("MIG0016", result.Diagnostics.Single().Code);
        StringAssert.Contains(result.Diagnostics.Single().Message, "MigrationsLocalBootstrap is 'db/missing.sql', but the file ");
        Assert.IsTrue(File.Exists(source.ManifestPath));
    }

    private static Migrations.Build.Engine.Analysis.MigrationValidation MigrationValidatorFor(string forward, string rollback) =>
        Migrations.Build.Engine.Analysis.MigrationValidator.Validate(new MigrationDiscoveryOptions(forward, rollback));
}
