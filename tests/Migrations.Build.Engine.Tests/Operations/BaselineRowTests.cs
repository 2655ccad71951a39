using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>
/// What a <c>baseline</c> row (BaselineMigration) means to everything that reads history: the migration is applied, the
/// deploy plans only what comes after it, a rollback runs the rollback text it recorded, status says it was baselined,
/// and it is never evidence of a passed test.
/// </summary>
[TestClass]
public sealed class BaselineRowTests
{
    /// <summary>January and February baselined (recorded as applied without running), March and April pending.</summary>
    private static LedgerBuilder Baselined() => new LedgerBuilder()
        .OnDisk(January).Attempt(MigrationOperation.Baseline, January, HistoryStatus.Succeeded)
        .OnDisk(February).Attempt(MigrationOperation.Baseline, February, HistoryStatus.Succeeded)
        .OnDisk(March)
        .OnDisk(April);

    [TestMethod]
    public void A_deploy_plans_only_the_migrations_after_the_baseline()
    {
        var plan = DeployPlanner.Plan(Baselined().Build(), EnvironmentName, null, allowOutOfOrder: false);

        Assert.IsFalse(plan.IsRefused);
        CollectionAssert.AreEqual(new[] { March, April }, plan.ToApply.Select(entry => entry.Id).ToArray());
        CollectionAssert.AreEqual(new[] { January, February }, plan.AlreadyApplied.Select(entry => entry.Id).ToArray());
    }

    [TestMethod]
    public void A_rollback_of_the_latest_baselined_migration_runs_the_rollback_text_it_recorded()
    {
        var recorded = "drop table t; -- as it was when baselined\n";
        var builder = new LedgerBuilder()
            .OnDisk(January)
            .Row(new HistoryEntry { Version = January[..14], Name = January[15..], Operation = MigrationOperation.Baseline, Environment = EnvironmentName, Status = HistoryStatus.Succeeded, RollbackSql = recorded, RollbackChecksum = "recorded" });

        var plan = RollbackPlanner.Plan(builder.Build(), EnvironmentName, null, allowOutOfOrder: false, useRollbackFromDisk: false);

        Assert.IsFalse(plan.IsRefused, string.Join("\n", plan.Diagnostics));
        Assert.AreEqual(January, plan.Target!.Id);
        Assert.AreEqual(recorded, plan.RollbackSql);
    }

    [TestMethod]
    public void A_baseline_row_is_never_evidence_of_a_passed_test()
    {
        var builder = Baselined();
        var pair = builder.Pairs.Single(candidate => candidate.Id == January);

        var evidence = TestEvidence.From("Staging", builder.History);

        Assert.IsFalse(evidence.Proves(pair.Version, pair.Forward.Checksum, pair.Rollback!.Checksum));
        Assert.IsTrue(TestEvidence.From("Staging", builder.Test(January).History).Proves(pair.Version, pair.Forward.Checksum, pair.Rollback.Checksum), "the same checksums in a test row are evidence");
    }

    [TestMethod]
    public void Status_shows_a_baselined_migration_as_applied_and_says_it_was_baselined()
    {
        var rows = StatusReader.Describe(EnvironmentName, Baselined().Deploy(March).Build());

        var january = rows.Single(row => row.Id == January);
        Assert.AreEqual(MigrationState.Applied, january.State);
        Assert.AreEqual("applied (baselined)", january.StateText);
        Assert.AreEqual("applied", rows.Single(row => row.Id == March).StateText);
        Assert.AreEqual("pending", rows.Single(row => row.Id == April).StateText);

        var table = StatusFormatter.Format(rows, StatusFormat.Table);
        StringAssert.Contains(table, "applied (baselined)");
        using var json = System.Text.Json.JsonDocument.Parse(StatusFormatter.Format(rows, StatusFormat.Json));
        var migrations = json.RootElement.GetProperty("migrations");
        Assert.AreEqual("applied", migrations[0].GetProperty("state").GetString());
        Assert.AreEqual("baseline", migrations[0].GetProperty("operation").GetString());
        Assert.AreEqual("deploy", migrations[2].GetProperty("operation").GetString());
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, migrations[3].GetProperty("operation").ValueKind);
        StringAssert.Contains(StatusFormatter.Format(rows, StatusFormat.Markdown), "| Applied (Baselined) |");
    }
}
