using Migrations.Build.Database.Tests.Operations;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>
/// A deploy's migration sends all its statements in one batch: whatever happens to the 2nd or 3rd statement — a lock
/// wait, a long run, an error, a timeout, the backend ended — is still told about that statement, and nothing of the
/// migration commits.
/// </summary>
[TestClass]
public sealed class BatchedMigrationTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_lock_wait_on_the_second_of_three_statements_names_the_second_statements_line()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("batch_lockwait", Cancel);
        await using var holder = await database.OpenConnectionAsync(Cancel);
        await ExecuteAsync(holder, "create table busy (id int)");
        await using var blocking = await holder.BeginTransactionAsync(Cancel);
        await ExecuteAsync(holder, "lock table busy in access exclusive mode", blocking);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/busy.sql", "create table first_one (id int);\n-- the note\nalter table busy add column note text;\ncreate table third_one (id int);\n");
        var log = new LineAwaitingLog("Lock wait: ");

        // Long enough that only a missing wait line, never a slow machine, lets the migration end before the release.
        var run = PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings("60s", "0") { Log = log }, _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);
        var first = await Task.WhenAny(log.Said, run);

        Assert.AreSame(log.Said, first, "the migration ended before saying what it waits for: " + log);
        var line = await log.Said;
        StringAssert.StartsWith(line, "Lock wait: /m/busy.sql(3,1) has been running ");
        StringAssert.Contains(line, "waiting for AccessExclusiveLock on table public.busy held by 1 session; lock_timeout 60s (MigrationsLockTimeout) ends the wait:");
        StringAssert.Contains(line, $"{Environment.NewLine}    pid {holder.ProcessID}, ");
        await blocking.CommitAsync(Cancel);
        var outcome = await run;

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        var slow = log.Inner.Messages.Where(message => message.StartsWith("Slow statement: ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, slow, log.ToString());
        StringAssert.StartsWith(slow[0], "Slow statement: /m/busy.sql(3,1) took ");
        StringAssert.EndsWith(slow[0], " s: alter table busy add column note text;");
        Assert.IsTrue(log.Inner.Messages.Where(message => message.StartsWith("Still running after ", StringComparison.Ordinal)).All(message => message.Contains("/m/busy.sql(3,1), statement 2/3: ", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task A_slow_statement_between_fast_ones_is_the_only_one_named_with_its_line()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("batch_slow", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var log = new RecordingLog();
        var script = new MigrationScript("/m/slow.sql", "create table a (id int);\n\n  select pg_sleep(1.3);\ninsert into a values (1);\n");

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings { Log = log }, _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        var slow = log.Messages.Single(message => message.StartsWith("Slow statement: ", StringComparison.Ordinal));
        StringAssert.StartsWith(slow, "Slow statement: /m/slow.sql(3,3) took 1.");
        StringAssert.EndsWith(slow, " s: select pg_sleep(1.3);");
        Assert.IsTrue(log.Messages.Where(message => message.StartsWith("Still running after ", StringComparison.Ordinal)).All(message => message.EndsWith("/m/slow.sql(3,3), statement 2/3: select pg_sleep(1.3);", StringComparison.Ordinal)), log.ToString());
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public async Task Two_statements_under_a_second_each_are_not_slow_though_their_batch_is()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("batch_notslow", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var log = new RecordingLog();
        var script = new MigrationScript("/m/halves.sql", "select pg_sleep(0.6);\nselect pg_sleep(0.61);\n");

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings { Log = log }, _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.2), outcome.Elapsed, "the batch itself took over a second");
        Assert.IsFalse(log.Messages.Any(message => message.StartsWith("Slow statement: ", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task A_failure_in_the_third_statement_names_the_third_and_nothing_commits()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("batch_third", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/third.sql", "create table a (id int);\ninsert into a values (1);\n  insert into a values ('x');\ncreate table d (id int);\n");

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings(), _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        Assert.AreEqual(2, outcome.StatementsDone);
        Assert.AreEqual(4, outcome.StatementsTotal);
        StringAssert.StartsWith(outcome.FailureDiagnostic().ToString(), "/m/third.sql(3,25): error MIG1007: invalid input syntax for type integer");
        Assert.AreEqual(0L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename in ('a', 'd')"));
        Assert.AreEqual("0", await ScalarAsync(connection, "show statement_timeout"), "the session is back outside the migration's transaction");
    }

    [TestMethod]
    public async Task The_statement_timeout_applies_to_each_statement_of_the_batch_not_to_the_batch()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("batch_timeout", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var within = new MigrationScript("/m/within.sql", "select pg_sleep(0.3);\nselect pg_sleep(0.3);\nselect pg_sleep(0.3);\n");
        var over = new MigrationScript("/m/over.sql", "select pg_sleep(0.1);\nselect pg_sleep(0.1);\nselect pg_sleep(2);\n");

        var fine = await PipelinedTransaction.RunAsync(connection, within, new ExecutionSettings("5s", "700ms"), _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);
        var stopped = await PipelinedTransaction.RunAsync(connection, over, new ExecutionSettings("5s", "700ms"), _ => new NpgsqlBatchCommand("select 1"), Refused, Cancel);

        Assert.IsTrue(fine.Succeeded, "three statements of 0.3 s each fit a 700 ms statement_timeout: " + fine.Error);
        Assert.IsFalse(stopped.Succeeded);
        Assert.AreEqual(2, stopped.StatementsDone);
        StringAssert.StartsWith(stopped.FailureDiagnostic().ToString(), "/m/over.sql(3,1): error MIG1007: canceling statement due to statement timeout");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_backend_terminated_while_the_second_statement_runs_commits_nothing_and_history_says_so()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("batch_loss", Cancel);
        workspace.WritePair("20250101000000_ledger", "create table ledger (n int);\n", "drop table ledger;\n");
        var forward = workspace.Write("20250210000000_fill.sql", "insert into ledger values (1);\n\n    select pg_sleep(30);\ninsert into ledger values (3);\n");
        workspace.Write("20250210000000_fill_rollback.sql", "delete from ledger;\n");

        var deploy = DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, CancellationToken.None);
        await BackendTerminator.TerminateWhenSleepingAsync(workspace.Database.ConnectionString, TimeSpan.FromSeconds(60));
        var outcome = await deploy;

        Assert.IsFalse(outcome.Succeeded);
        var lost = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1021");
        Assert.AreEqual((forward, 3, 5), (lost.Location.FilePath, lost.Location.Line, lost.Location.Column));
        StringAssert.StartsWith(lost.Message, "The connection was lost while statement 2 of 3 was running (terminating connection due to administrator command, SQLSTATE 57P01). Nothing of this migration was committed");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from ledger"), "the first statement's row must not stand");
        Assert.AreEqual(
            "20250101000000 succeeded 1/1; 20250210000000 failed 1/3 connection lost while statement 2 of 3 was running (terminating connection due to administrator command, SQLSTATE 57P01)",
            await workspace.ScalarAsync("select string_agg(version || ' ' || status || ' ' || statements_done || '/' || statements_total || coalesce(' ' || error, ''), '; ' order by id) from migrations_build.history"));
    }

    private static InvalidOperationException Refused(PostgresException exception) => new($"refused: {exception.SqlState}");

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Cancel);
    }
}
