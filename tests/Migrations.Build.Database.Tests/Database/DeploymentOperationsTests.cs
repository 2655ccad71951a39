using Migrations.Build.Testing;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Database.Tests.Database;

[TestClass]
public sealed class DeploymentOperationsTests
{
    private const string First = "20250210000000_customers";
    private const string Second = "20250301000000_invoices";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    private static void WriteTwo(MigrationWorkspace workspace)
    {
        workspace.WritePair(First, "create schema billing;\ncreate table billing.customers (id int primary key);\n", "drop table billing.customers;\ndrop schema billing;\n");
        workspace.WritePair(Second, "create table billing.invoices (id int primary key, customer_id int references billing.customers);\n", "drop table billing.invoices;\n");
    }

    [TestMethod]
    public async Task Deploy_applies_everything_pending_in_order_and_records_it()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_deploy", Cancel);
        WriteTwo(workspace);

        var outcome = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { First, Second }, outcome.Done.ToArray());
        Assert.IsTrue(await workspace.TableExistsAsync("billing.invoices"));
        var status = await workspace.StatusAsync();
        CollectionAssert.AreEqual(new[] { MigrationState.Applied, MigrationState.Applied }, status.Select(row => row.State).ToArray());
        Assert.AreEqual(2L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'deploy' and status = 'succeeded' and forward_sql is not null and rollback_sql is not null and tool_version is not null"));
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith($"Applied {First} to Staging in ", StringComparison.Ordinal)), workspace.Log.ToString());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith("Applied 2 migrations to Staging in ", StringComparison.Ordinal)), workspace.Log.ToString());

        workspace.NewLog();
        var again = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), First, false, Cancel);
        Assert.IsTrue(again.Succeeded);
        CollectionAssert.AreEqual(new[] { First }, again.Skipped.ToArray());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.Contains("already applied", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task A_failure_in_statement_three_leaves_only_a_failed_history_row()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_fail", Cancel);
        var forward = workspace.Write(First + ".sql", "create table a (id int);\ncreate table b (id int);\ninsert into a values ('x');\ncreate table c (id int);\n");
        workspace.Write(First + "_rollback.sql", "drop table c;\ndrop table b;\ndrop table a;\n");

        var outcome = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var error = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1007");
        Assert.AreEqual(forward, error.Location.FilePath);
        Assert.AreEqual((3, 23), (error.Location.Line, error.Location.Column));
        StringAssert.Contains(error.Message, "(SQLSTATE 22P02)");
        Assert.IsFalse(await workspace.TableExistsAsync("a"));
        Assert.IsFalse(await workspace.TableExistsAsync("b"));
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from migrations_build.history"));
        Assert.AreEqual("failed", await workspace.ScalarAsync("select status from migrations_build.history"));
        Assert.AreEqual(MigrationState.Failed, (await workspace.StatusAsync()).Single().State);
    }

    [TestMethod]
    public async Task A_named_migration_is_refused_while_earlier_ones_are_pending()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_order", Cancel);
        WriteTwo(workspace);
        workspace.WritePair("20250401000000_refunds", "create table refunds (id int);\n", "drop table refunds;\n");

        var refused = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250401000000_refunds.sql", false, Cancel);

        Assert.IsFalse(refused.Succeeded);
        var diagnostic = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1015");
        StringAssert.Contains(diagnostic.Message, $"{First}, {Second} are not yet applied");
        Assert.IsFalse(await workspace.TableExistsAsync("refunds"));

        workspace.NewLog();
        var allowed = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250401000000", true, Cancel);
        Assert.IsTrue(allowed.Succeeded, workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("refunds"));

        // Everything pending now sits behind an applied migration: deploying it all is out of order too.
        workspace.NewLog();
        Assert.IsFalse((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded);
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1015"));
    }

    [TestMethod]
    public async Task An_edited_applied_migration_blocks_deploys_with_both_checksums()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_modified", Cancel);
        WriteTwo(workspace);
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), First, false, Cancel)).Succeeded);
        var applied = workspace.Pairs()[0].Forward.Checksum;
        workspace.Write(First + ".sql", "create schema billing;\ncreate table billing.customers (id bigint primary key);\n");
        var edited = workspace.Pairs()[0].Forward.Checksum;

        workspace.NewLog();
        var outcome = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var diagnostic = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1006");
        StringAssert.Contains(diagnostic.Message, applied!);
        StringAssert.Contains(diagnostic.Message, edited!);
        Assert.IsFalse(await workspace.TableExistsAsync("billing.invoices"));
        Assert.AreEqual(MigrationState.Modified, (await workspace.StatusAsync())[0].State);
    }

    [TestMethod]
    public async Task Rollback_runs_the_recorded_text_of_the_latest_and_makes_it_pending()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_rollback", Cancel);
        WriteTwo(workspace);
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded);

        // Not the latest: refused unless allowed.
        workspace.NewLog();
        Assert.IsFalse((await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), First, false, false, Cancel)).Succeeded);
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1013"), workspace.Log.ToString());

        // The rollback file changed on disk after deploy: the recorded one runs, with a warning.
        workspace.Write(Second + "_rollback.sql", "select 1; -- a broken 'fix' that would drop nothing\n");
        workspace.NewLog();
        var outcome = await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, false, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { Second }, outcome.Done.ToArray());
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1014"));
        Assert.IsFalse(await workspace.TableExistsAsync("billing.invoices"), "the recorded rollback, not the edited file, must have run");
        var status = await workspace.StatusAsync();
        Assert.AreEqual(MigrationState.RolledBack, status[1].State);

        // Pending again: a deploy applies it again.
        workspace.NewLog();
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("billing.invoices"));
    }

    [TestMethod]
    public async Task An_irreversible_migration_is_not_rolled_back()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_irreversible", Cancel);
        workspace.WritePair(First, "create table ledger (id int);\n", "-- migrations:irreversible\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded);

        workspace.NewLog();
        Assert.IsFalse((await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, false, Cancel)).Succeeded);

        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1017"), workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("ledger"));
    }

    [TestMethod]
    public async Task A_partial_no_transaction_migration_blocks_deploys_until_resolved()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_partial", Cancel);
        workspace.WritePair(First, "create table t (id int);\n", "drop table t;\n");
        workspace.WritePair(Second, "-- migrations:no-transaction\ncreate index concurrently t_id on t (id);\ncreate index concurrently t_bad on t (no_such_column);\n", "-- migrations:no-transaction\ndrop index concurrently if exists t_bad;\ndrop index concurrently if exists t_id;\n");
        workspace.WritePair("20250401000000_later", "create table later (id int);\n", "drop table later;\n");

        var outcome = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        Assert.AreEqual((3, 1), (workspace.Log.Diagnostics.Single(d => d.Code == "MIG1007").Location.Line, workspace.Log.Diagnostics.Single(d => d.Code == "MIG1007").Location.Column));
        Assert.AreEqual("partial", await workspace.ScalarAsync($"select status from migrations_build.history where name = 'invoices'"));
        Assert.AreEqual(1, await workspace.ScalarAsync($"select statements_done from migrations_build.history where name = 'invoices'"));
        var partial = (await workspace.StatusAsync())[1];
        Assert.AreEqual(MigrationState.Partial, partial.State);
        StringAssert.Contains(partial.Notes, "1 of 2 statements applied");

        workspace.NewLog();
        Assert.IsFalse((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded);
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1008"), workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("later"));

        workspace.NewLog();
        var resolved = await ResolveOperation.RunAsync(workspace.Context(), workspace.Pairs(), Second, HistoryStatus.RolledBack, "dropped t_id by hand", Cancel);
        Assert.IsTrue(resolved.Succeeded, workspace.Log.ToString());
        StringAssert.Contains((string)(await workspace.ScalarAsync("select notes from migrations_build.history where operation = 'resolve'"))!, "resolved as rolled_back by ");
        StringAssert.Contains((string)(await workspace.ScalarAsync("select notes from migrations_build.history where operation = 'resolve'"))!, "dropped t_id by hand");
        Assert.AreEqual(MigrationState.RolledBack, (await workspace.StatusAsync())[1].State);
    }

    [TestMethod]
    public async Task Two_concurrent_deploys_apply_each_migration_exactly_once()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_concurrent", Cancel);
        workspace.WritePair(First, "create table slow (id int);\nselect pg_sleep(1.5);\n", "drop table slow;\n");
        workspace.WritePair(Second, "create table after_slow (id int);\n", "drop table after_slow;\n");
        var firstLog = new RecordingLog();
        var secondLog = new RecordingLog();
        var pairs = workspace.Pairs();

        var first = DeployOperation.RunAsync(workspace.Context() with { Log = firstLog }, pairs, null, false, Cancel);
        await Task.Delay(300, Cancel);
        var second = DeployOperation.RunAsync(workspace.Context() with { Log = secondLog }, pairs, null, false, Cancel);
        var outcomes = await Task.WhenAll(first, second);

        Assert.IsTrue(outcomes.All(o => o.Succeeded), firstLog + Environment.NewLine + secondLog);
        Assert.AreEqual(2, outcomes.Sum(o => o.Done.Count), "each migration applied exactly once");
        Assert.AreEqual(2L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'deploy'"));
    }

    [TestMethod]
    public async Task A_deploy_that_cannot_get_the_lock_names_the_holder()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_lock", Cancel);
        workspace.WritePair(First, "create table slow (id int);\nselect pg_sleep(3);\n", "drop table slow;\n");
        var pairs = workspace.Pairs();
        var holderLog = new RecordingLog();
        var waiterLog = new RecordingLog();

        var holder = DeployOperation.RunAsync(workspace.Context() with { Log = holderLog }, pairs, null, false, Cancel);
        await Task.Delay(800, Cancel);
        var waiter = await DeployOperation.RunAsync(workspace.Context("Staging", "00:00:00.500") with { Log = waiterLog }, pairs, null, false, Cancel);
        await holder;

        Assert.IsFalse(waiter.Succeeded);
        var busy = waiterLog.Diagnostics.Single(d => d.Code == "MIG1005");
        StringAssert.Contains(busy.Message, "pid ");
        StringAssert.Contains(busy.Message, "'Migrations.Build ");
        StringAssert.Contains(busy.Message, "deploy (Staging)'");
    }

    [TestMethod]
    public async Task Cancelling_a_deploy_cancels_the_running_statement_and_records_the_attempt()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("ops_cancel", Cancel);
        workspace.WritePair(First, "create table t (id int);\nselect pg_sleep(60);\n", "drop table t;\n");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(800));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, cancellation.Token));

        Assert.IsLessThan(TimeSpan.FromSeconds(20), clock.Elapsed, "the sleeping statement must be cancelled on the server, not waited out");
        Assert.IsFalse(await workspace.TableExistsAsync("t"));
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from pg_stat_activity where query like '%pg_sleep(60)%' and state = 'active' and pid <> pg_backend_pid()"));
        Assert.AreEqual("failed", await workspace.ScalarAsync("select status from migrations_build.history"));
        StringAssert.Contains((string)(await workspace.ScalarAsync("select error from migrations_build.history"))!, "cancelled");
    }
}
