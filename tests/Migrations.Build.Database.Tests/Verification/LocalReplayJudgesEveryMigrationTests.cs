using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>
/// The Local replay judges every migration like a compiler: a refuted or failing one does not hide the ones after it,
/// which are judged on the schema the forward chain produces, and the summary names every one that is not proven.
/// </summary>
[TestClass]
[DoNotParallelize] // Counts the replay's databases on the shared server, as LocalReplayTests does.
public sealed class LocalReplayJudgesEveryMigrationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Every_migration_is_judged_and_each_failure_is_named_in_the_summary()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_all", TestContext.CancellationToken);
        workspace.WritePair("20250101000001_customers", "create table customers (id int primary key);\n", "drop table customers;\n");

        // Refuted in one transaction: the replay applies the forward again and goes on.
        workspace.WritePair("20250101000002_invoices", "create table invoices (id int);\ncreate sequence invoice_numbers;\n", "drop table invoices;\n");
        workspace.WritePair("20250101000003_invoice_total", "alter table invoices add column total numeric;\n", "alter table invoices drop column total;\n");

        // An SQL error in the rollback.
        workspace.WritePair("20250101000004_refunds", "create table refunds (id int);\n", "drop table refundz;\n");
        workspace.WritePair("20250101000005_refund_reason", "alter table refunds add column reason text;\n", "alter table refunds drop column reason;\n");
        workspace.WritePair("20250101000006_archive", "create table archive (id int);\n", "-- migrations:irreversible\n");

        // Fails outside a transaction after dropping the index: only a rebuilt database has the index again.
        workspace.WritePair(
            "20250101000007_customer_index",
            "-- migrations:no-transaction\ncreate index concurrently customers_id_idx on customers (id);\n",
            "-- migrations:no-transaction\ndrop index concurrently customers_id_idx;\nselect 1 / 0;\n");
        workspace.WritePair("20250101000008_rename_index", "alter index customers_id_idx rename to customers_id_index;\n", "alter index customers_id_index rename to customers_id_idx;\n");

        // The rollback kills its own connection: the replay goes on with a rebuilt database on a new one.
        workspace.WritePair("20250101000009_notes", "create table notes (id int);\n", "select pg_terminate_backend(pg_backend_pid());\n");
        workspace.WritePair("20250101000010_note_text", "alter table notes add column body text;\n", "alter table notes drop column body;\n");

        // A forward that cannot be applied ends the replay: everything after it builds on it.
        workspace.WritePair("20250101000011_broken", "create table broken (id int;\n", "drop table broken;\n");
        workspace.WritePair("20250101000012_after", "create table after_broken (id int);\n", "drop table after_broken;\n");
        var before = await LocalReplayTests.ThrowawayDatabaseCountAsync(server.AdminConnectionString);

        var summary = await LocalReplay.RunAsync(LocalReplayTests.OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings(), workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(summary, workspace.Log.ToString());
        Assert.IsFalse(summary.Succeeded);
        CollectionAssert.AreEqual(new[] { "20250101000001_customers", "20250101000003_invoice_total", "20250101000005_refund_reason", "20250101000008_rename_index", "20250101000010_note_text" }, summary.Proven.ToArray(), workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250101000002_invoices" }, summary.Refuted.ToArray());
        CollectionAssert.AreEqual(
            new[] { "20250101000004_refunds (at \"roll back\")", "20250101000007_customer_index (at \"roll back\")", "20250101000009_notes (at \"roll back\")", "20250101000011_broken (at \"apply\")" },
            summary.Failed.ToArray());
        CollectionAssert.AreEqual(new[] { "20250101000006_archive" }, summary.Irreversible.ToArray());
        CollectionAssert.AreEqual(new[] { "20250101000012_after" }, summary.NotReached.ToArray());

        // Each failure keeps its own coded diagnostic at the file and line that failed.
        var located = workspace.Log.Diagnostics.Select(d => $"{d.Code} {Path.GetFileName(d.Location.FilePath)}:{d.Location.Line}").ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                "MIG1009 20250101000002_invoices_rollback.sql:1",
                "MIG1007 20250101000004_refunds_rollback.sql:1",
                "MIG1007 20250101000007_customer_index_rollback.sql:3",
                "MIG1021 20250101000009_notes_rollback.sql:1",
                "MIG1007 20250101000011_broken.sql:1",
            },
            located,
            workspace.Log.ToString());

        var closing = workspace.Log.Messages.Single(m => m.StartsWith("TestMigration on Local: 12 migrations", StringComparison.Ordinal));
        StringAssert.Contains(closing, "5 proven, 1 refuted, 4 failed, 1 irreversible, 1 not reached");
        StringAssert.Contains(closing, "irreversible (applied, never proven): 20250101000006_archive");
        StringAssert.Contains(closing, "not reached: 20250101000012_after");
        Assert.AreEqual(before, await LocalReplayTests.ThrowawayDatabaseCountAsync(server.AdminConnectionString), "every database the replay created, rebuilt ones too, must be dropped");
    }

    [TestMethod]
    public async Task Stop_on_first_failure_leaves_the_rest_not_reached()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_stop", TestContext.CancellationToken);
        workspace.WritePair("20250101000001_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250101000002_invoices", "create table invoices (id int);\ncreate sequence invoice_numbers;\n", "drop table invoices;\n");
        workspace.WritePair("20250101000003_refunds", "create table refunds (id int);\n", "drop table refundz;\n");

        var summary = await LocalReplay.RunAsync(LocalReplayTests.OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings { StopOnFirstFailure = true }, workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(summary);
        CollectionAssert.AreEqual(new[] { "20250101000001_customers" }, summary.Proven.ToArray());
        CollectionAssert.AreEqual(new[] { "20250101000002_invoices" }, summary.Refuted.ToArray());
        CollectionAssert.AreEqual(new[] { "20250101000003_refunds" }, summary.NotReached.ToArray());
        CollectionAssert.AreEqual(new[] { "MIG1009" }, workspace.Log.Codes.ToArray());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.Contains("stopping here because MigrationsStopOnFirstFailure=true", StringComparison.Ordinal)), workspace.Log.ToString());
    }

    [TestMethod]
    public async Task A_named_migration_after_a_forward_that_fails_is_not_reached()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_named_broken", TestContext.CancellationToken);
        workspace.WritePair("20250101000001_customers", "create table customers (id int;\n", "drop table customers;\n");
        workspace.WritePair("20250101000002_invoices", "create table invoices (id int);\n", "drop table invoices;\n");

        var summary = await LocalReplay.RunAsync(LocalReplayTests.OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings { Selector = "20250101000002" }, workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(summary);
        Assert.IsFalse(summary.Succeeded);
        CollectionAssert.AreEqual(new[] { "20250101000001_customers (at \"apply\")" }, summary.Failed.ToArray());
        CollectionAssert.AreEqual(new[] { "20250101000002_invoices" }, summary.NotReached.ToArray());
        Assert.AreEqual(0, summary.Proven.Count);
    }
}
