using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>The production evidence gate (MIG1004) against real history rows.</summary>
[TestClass]
public sealed class EvidenceGateTests
{
    private const string First = "20250210000000_customers";

    public TestContext TestContext { get; set; } = null!;

    private static HistoryEntry PassedTest(string version, string name, string? forward, string? rollback) => new()
    {
        Version = version,
        Name = name,
        Operation = MigrationOperation.Test,
        Environment = "Staging",
        Status = HistoryStatus.Succeeded,
        ForwardChecksum = forward,
        RollbackChecksum = rollback,
        StartedAt = DateTimeOffset.UtcNow,
    };

    [TestMethod]
    public async Task Only_a_passed_test_of_the_same_files_lets_a_migration_through()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("evidence", TestContext.CancellationToken);
        workspace.WritePair(First, "create table customers (id int);\n", "drop table customers;\n");
        var pair = workspace.Pairs().Single();

        var none = new EvidenceRequirement(TestEvidence.From("Staging", []), Skip: false);
        Assert.IsFalse((await DeployOperation.RunAsync(workspace.Context("Production"), workspace.Pairs(), null, false, none, TestContext.CancellationToken)).Succeeded);
        var refusal = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1004");
        Assert.IsTrue(refusal.IsError);
        StringAssert.Contains(refusal.Message, "TestMigration");
        Assert.IsFalse(await workspace.TableExistsAsync("customers"));
        Assert.AreEqual(
            $"deploy|failed|{pair.Forward.Checksum}|refused: not proven on Staging (MIG1004), nothing ran",
            await workspace.ScalarAsync("select string_agg(operation || '|' || status || '|' || forward_checksum || '|' || error, ';') from migrations_build.history"),
            "the refusal is recorded in Production's history");

        // A test of an earlier edit of the rollback does not count.
        workspace.NewLog();
        var stale = new EvidenceRequirement(TestEvidence.From("Staging", [PassedTest(pair.Version, pair.Name, pair.Forward.Checksum, "0000")]), Skip: false);
        Assert.IsFalse((await DeployOperation.RunAsync(workspace.Context("Production"), workspace.Pairs(), null, false, stale, TestContext.CancellationToken)).Succeeded);
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1004"));

        workspace.NewLog();
        var proven = new EvidenceRequirement(TestEvidence.From("Staging", [PassedTest(pair.Version, pair.Name, pair.Forward.Checksum, pair.Rollback!.Checksum)]), Skip: false);
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context("Production"), workspace.Pairs(), null, false, proven, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("customers"));
    }

    [TestMethod]
    public async Task Evidence_is_read_from_the_staging_history_table()
    {
        await using var staging = await MigrationWorkspace.CreateAsync("evidence_staging", TestContext.CancellationToken);
        staging.WritePair(First, "create table customers (id int);\n", "drop table customers;\n");
        var pair = staging.Pairs().Single();
        await using (var connection = await staging.Database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            var store = new HistoryStore(HistoryLocation.Default);
            await store.EnsureCreatedAsync(connection, TestContext.CancellationToken);
            await store.AppendAsync(connection, null, PassedTest(pair.Version, pair.Name, pair.Forward.Checksum, pair.Rollback!.Checksum), TestContext.CancellationToken);
            await store.AppendAsync(connection, null, PassedTest("20250301000000", "other", "a", "b") with { Status = HistoryStatus.Failed }, TestContext.CancellationToken);
        }

        var evidence = await TestEvidence.ReadAsync(staging.Context(), TestContext.CancellationToken);

        Assert.IsTrue(evidence.Proves(pair.Version, pair.Forward.Checksum, pair.Rollback!.Checksum));
        Assert.IsFalse(evidence.Proves("20250301000000", "a", "b"), "a failed test is no evidence");
    }

    [TestMethod]
    public async Task Skipping_the_check_warns_and_records_it()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("evidence_skip", TestContext.CancellationToken);
        workspace.WritePair(First, "create table customers (id int);\n", "drop table customers;\n");

        var skip = new EvidenceRequirement(TestEvidence.From("Staging", []), Skip: true);
        var outcome = await DeployOperation.RunAsync(workspace.Context("Production"), workspace.Pairs(), null, false, skip, TestContext.CancellationToken);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        Assert.IsFalse(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1004").IsError);
        StringAssert.Contains((string)(await workspace.ScalarAsync("select notes from migrations_build.history"))!, $"untested on Staging: {First}");
    }
}
