using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class MigrationLedgerTests
{
    /// <summary>
    /// One migration on disk and its history, oldest row first, written "operation status, …". Only deploy, rollback,
    /// resolve and baseline rows change state; a failed rollback rolled back with its transaction, and a refused
    /// baseline recorded nothing as applied, so neither changes anything.
    /// </summary>
    [TestMethod]
    [DataRow("", MigrationState.Pending)]
    [DataRow("deploy succeeded", MigrationState.Applied)]
    [DataRow("deploy failed", MigrationState.Failed)]
    [DataRow("deploy partial", MigrationState.Partial)]
    [DataRow("deploy failed, deploy succeeded", MigrationState.Applied)]
    [DataRow("deploy succeeded, rollback succeeded", MigrationState.RolledBack)]
    [DataRow("deploy succeeded, rollback partial", MigrationState.Partial)]
    [DataRow("deploy succeeded, rollback failed", MigrationState.Applied)]
    [DataRow("deploy succeeded, rollback failed, rollback succeeded", MigrationState.RolledBack)]
    [DataRow("deploy succeeded, rollback succeeded, deploy succeeded", MigrationState.Applied)]
    [DataRow("deploy partial, resolve succeeded", MigrationState.Applied)]
    [DataRow("deploy partial, resolve rolled_back", MigrationState.RolledBack)]
    [DataRow("deploy succeeded, rollback partial, resolve rolled_back", MigrationState.RolledBack)]
    [DataRow("rollback failed", MigrationState.Pending)]
    [DataRow("test succeeded", MigrationState.Pending)]
    [DataRow("test failed", MigrationState.Pending)]
    [DataRow("deploy succeeded, test failed", MigrationState.Applied)]
    [DataRow("deploy partial, test succeeded", MigrationState.Partial)]
    [DataRow("deploy succeeded, rollback succeeded, test succeeded", MigrationState.RolledBack)]
    [DataRow("baseline succeeded", MigrationState.Applied)]
    [DataRow("baseline failed", MigrationState.Pending)]
    [DataRow("baseline succeeded, test succeeded", MigrationState.Applied)]
    [DataRow("baseline succeeded, rollback succeeded", MigrationState.RolledBack)]
    [DataRow("baseline succeeded, rollback failed", MigrationState.Applied)]
    [DataRow("baseline succeeded, rollback succeeded, deploy succeeded", MigrationState.Applied)]
    [DataRow("deploy failed, baseline failed", MigrationState.Failed)]
    public void History_rows_decide_the_state(string rows, MigrationState expected)
    {
        var builder = new LedgerBuilder().OnDisk(February);
        foreach (var row in rows.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = row.Split(' ');
            builder.Attempt(Enum.Parse<MigrationOperation>(words[0], ignoreCase: true), February, Enum.Parse<HistoryStatus>(words[1].Replace("_", string.Empty), ignoreCase: true));
        }

        Assert.AreEqual(expected, builder.Entry(February).State);
    }

    [TestMethod]
    public void A_test_row_changes_neither_the_state_nor_the_rows_that_decided_it()
    {
        var builder = new LedgerBuilder().OnDisk(February).Deploy(February).Test(February);

        var entry = builder.Entry(February);

        Assert.AreSame(builder.History[0], entry.LastChange);
        Assert.AreSame(builder.History[0], entry.LastApplication);
    }

    [TestMethod]
    public void A_failed_rollback_leaves_the_deploy_as_the_last_change()
    {
        var builder = new LedgerBuilder().OnDisk(February).Deploy(February).Rollback(February, HistoryStatus.Failed);

        Assert.AreSame(builder.History[0], builder.Entry(February).LastChange);
    }

    [TestMethod]
    public void A_partial_deploy_counts_as_an_application_so_its_recorded_rollback_can_be_run()
    {
        var builder = new LedgerBuilder().OnDisk(February, rollback: "drop table t; -- newer\n").Deploy(February, HistoryStatus.Partial, rollback: RollbackText);

        var entry = builder.Entry(February);

        Assert.AreSame(builder.History[0], entry.LastApplication);
        Assert.AreEqual(RollbackText, entry.RecordedRollbackSql);
    }

    [TestMethod]
    public void A_resolution_as_applied_becomes_the_last_application()
    {
        var builder = new LedgerBuilder().OnDisk(February).Deploy(February, HistoryStatus.Partial).Resolve(February, HistoryStatus.Succeeded);

        Assert.AreSame(builder.History[1], builder.Entry(February).LastApplication);
    }

    [TestMethod]
    public void An_applied_migration_whose_forward_file_changed_is_modified()
    {
        const string asApplied = "create table t (id int, name text);\n";

        var entry = new LedgerBuilder().OnDisk(February).Deploy(February, forward: asApplied).Entry(February);

        Assert.AreEqual(MigrationState.Modified, entry.State);
        Assert.AreEqual(MigrationText.ComputeChecksum(asApplied), entry.LastApplication!.ForwardChecksum);
    }

    [TestMethod]
    public void Only_line_endings_changed_is_not_a_modification()
    {
        // The checksum normalises CRLF to LF, so a checkout with other line endings is the same migration.
        var entry = new LedgerBuilder().OnDisk(February, forward: ForwardText.Replace("\n", "\r\n")).Deploy(February, forward: ForwardText).Entry(February);

        Assert.AreEqual(MigrationState.Applied, entry.State);
    }

    [TestMethod]
    public void Modification_is_judged_against_the_latest_application()
    {
        const string first = "create table t (id int, name text);\n";

        var entry = new LedgerBuilder().OnDisk(February).Deploy(February, forward: first).Rollback(February).Deploy(February).Entry(February);

        Assert.AreEqual(MigrationState.Applied, entry.State);
    }

    [TestMethod]
    public void A_changed_forward_file_of_a_rolled_back_migration_is_just_pending_work()
    {
        var entry = new LedgerBuilder().OnDisk(February).Deploy(February, forward: "select 1;\n").Rollback(February).Entry(February);

        Assert.AreEqual(MigrationState.RolledBack, entry.State);
    }

    [TestMethod]
    public void An_application_that_recorded_no_checksum_cannot_be_called_modified()
    {
        var entry = new LedgerBuilder().OnDisk(February).DeployWithoutTexts(February).Entry(February);

        Assert.AreEqual(MigrationState.Applied, entry.State);
    }

    [TestMethod]
    [DataRow(HistoryStatus.Succeeded, MigrationState.MissingFile)]
    [DataRow(HistoryStatus.Partial, MigrationState.Partial)]
    [DataRow(HistoryStatus.Failed, MigrationState.Failed)]
    public void A_migration_only_in_history_is_named_from_its_rows(HistoryStatus deploy, MigrationState expected)
    {
        var entry = new LedgerBuilder().Deploy(March, deploy).Entry(March);

        Assert.AreEqual(expected, entry.State);
        Assert.AreEqual("20250301000000", entry.Version);
        Assert.AreEqual("add_refunds", entry.Name);
        Assert.IsNull(entry.Pair);
    }

    [TestMethod]
    public void A_rolled_back_migration_whose_file_is_gone_is_rolled_back_not_missing()
    {
        var entry = new LedgerBuilder().Deploy(March).Rollback(March).Entry(March);

        Assert.AreEqual(MigrationState.RolledBack, entry.State);
    }

    [TestMethod]
    public void Rows_written_under_another_environment_name_count()
    {
        // One database, one schema: a row written while the environment was called something else still describes it.
        var entry = new LedgerBuilder().OnDisk(February).Deploy(February, environment: "Production").Entry(February);

        Assert.AreEqual(MigrationState.Applied, entry.State);
    }

    [TestMethod]
    public void Rows_are_read_in_the_order_they_were_written_not_the_order_given()
    {
        var builder = new LedgerBuilder().OnDisk(February).Deploy(February).Rollback(February);

        var ledger = MigrationLedger.Build(builder.Pairs, builder.History.Reverse().ToList());

        Assert.AreEqual(MigrationState.RolledBack, ledger.Entries.Single().State);
    }

    [TestMethod]
    public void Entries_list_disk_and_history_together_in_version_order()
    {
        var builder = new LedgerBuilder().OnDisk(March).OnDisk(January).Deploy(February).Deploy(April).Rollback(April);

        CollectionAssert.AreEqual(new[] { January, February, March, April }, builder.Build().Entries.Select(entry => entry.Id).ToArray());
    }

    [TestMethod]
    public void In_database_means_applied_modified_partial_or_missing_file()
    {
        var builder = new LedgerBuilder()
            .OnDisk(January).Deploy(January)
            .OnDisk(February).Deploy(February, forward: "select 1;\n")
            .OnDisk(March).Deploy(March, HistoryStatus.Partial)
            .Deploy(April)
            .OnDisk("20250501000000_pending")
            .OnDisk("20250601000000_failed").Deploy("20250601000000_failed", HistoryStatus.Failed)
            .OnDisk("20250701000000_rolled_back").Deploy("20250701000000_rolled_back").Rollback("20250701000000_rolled_back");

        var inDatabase = builder.Build().InDatabase.Select(entry => (entry.Id, entry.State)).ToArray();

        CollectionAssert.AreEqual(
            new[] { (January, MigrationState.Applied), (February, MigrationState.Modified), (March, MigrationState.Partial), (April, MigrationState.MissingFile) },
            inDatabase);
    }

    [TestMethod]
    public void A_rollback_file_edited_after_deploy_is_noticed()
    {
        var entry = new LedgerBuilder().OnDisk(February).Deploy(February, rollback: "drop table if exists t;\n").Entry(February);

        Assert.IsTrue(entry.RollbackChangedOnDisk);
        Assert.AreEqual("drop table if exists t;\n", entry.RecordedRollbackSql);
    }

    [TestMethod]
    public void An_unchanged_rollback_file_is_not_reported()
    {
        Assert.IsFalse(new LedgerBuilder().OnDisk(February).Deploy(February).Entry(February).RollbackChangedOnDisk);
    }

    [TestMethod]
    public void Without_a_rollback_on_both_sides_there_is_nothing_to_compare()
    {
        var noFile = new LedgerBuilder().OnDisk(February, rollback: null).Deploy(February).Entry(February);
        var noRecord = new LedgerBuilder().OnDisk(February).DeployWithoutTexts(February).Entry(February);
        var notApplied = new LedgerBuilder().OnDisk(February).Entry(February);

        Assert.IsFalse(noFile.RollbackChangedOnDisk);
        Assert.IsFalse(noRecord.RollbackChangedOnDisk);
        Assert.IsFalse(notApplied.RollbackChangedOnDisk);
        Assert.IsNull(notApplied.RecordedRollbackSql);
    }
}
