using Migrations.Build.Engine.Database;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>
/// The deploy/rollback transaction sends BEGIN and the limits with the first statement and the history row with the
/// COMMIT. Whatever fails inside one of those shared round trips must still be told apart and located exactly, and
/// must leave the session outside any transaction.
/// </summary>
[TestClass]
public sealed class PipelinedTransactionTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task A_first_statement_failing_in_the_round_trip_with_begin_and_the_limits_points_at_its_own_column()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("pipelined_first", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/20250210000000_first.sql", "-- header\n\n   insert into nowhere (id)\n  values (1);\ncreate table after_it (id int);\n");
        var rowAsked = false;

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings("1s", "10s"), _ => { rowAsked = true; return Row("create table recorded (ok bool)"); }, Refused, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsFalse(rowAsked, "a failed migration has no success row");
        Assert.AreEqual(0, outcome.StatementsDone);
        Assert.AreEqual(2, outcome.StatementsTotal);
        StringAssert.StartsWith(outcome.FailureDiagnostic().ToString(), "/m/20250210000000_first.sql(3,16): error MIG1007: relation \"nowhere\" does not exist");
        await AssertOutsideTransactionAsync(database, connection);
        Assert.AreEqual(0L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename = 'after_it'"));
    }

    [TestMethod]
    public async Task A_later_statement_failing_rolls_back_the_first_and_points_at_itself()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("pipelined_later", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/later.sql", "create table a (id int);\ninsert into a (id) values ('x');\n");

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings(), _ => Row("create table recorded (ok bool)"), Refused, Cancel);

        Assert.AreEqual(1, outcome.StatementsDone);
        StringAssert.StartsWith(outcome.FailureDiagnostic().ToString(), "/m/later.sql(2,28): error MIG1007: invalid input syntax for type integer");
        await AssertOutsideTransactionAsync(database, connection);
        Assert.AreEqual(0L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename in ('a', 'recorded')"));
    }

    [TestMethod]
    public async Task A_refused_history_row_in_the_commit_round_trip_rolls_the_migration_back()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("pipelined_row", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        await ExecuteAsync(connection, "create table ledger (n int check (n > 0))");
        var script = new MigrationScript("/m/row.sql", "create table a (id int);\n");

        var thrown = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() =>
            PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings(), _ => Row("insert into ledger (n) values (-1)"), Refused, Cancel));

        Assert.AreEqual("refused: 23514", thrown.Message, "the refusal is the row's, told apart from the COMMIT sent with it");
        await AssertOutsideTransactionAsync(database, connection);
        Assert.AreEqual(0L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename = 'a'"), "the migration must not stand without its row");
    }

    [TestMethod]
    public async Task A_rejected_limit_sent_with_the_first_statement_is_a_setting_error_and_nothing_runs()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("pipelined_limit", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/limit.sql", "create table a (id int);\n");

        var thrown = await Assert.ThrowsExactlyAsync<MigrationSettingRejectedException>(() =>
            PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings("soon", "0"), _ => Row("select 1"), Refused, Cancel));

        StringAssert.Contains(thrown.Message, "lock_timeout");
        await AssertOutsideTransactionAsync(database, connection);
        Assert.AreEqual(0L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename = 'a'"));
    }

    [TestMethod]
    public async Task A_success_commits_statements_and_row_together_and_the_limits_end_with_the_transaction()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("pipelined_ok", Cancel);
        await using var connection = await database.OpenConnectionAsync(Cancel);
        var script = new MigrationScript("/m/ok.sql", "create table a (id int);\ncreate function f() returns int language plpgsql as $$ begin return 1; end; $$;\n");
        TimeSpan? elapsedGiven = null;

        var outcome = await PipelinedTransaction.RunAsync(connection, script, new ExecutionSettings("1s", "10s"), elapsed => { elapsedGiven = elapsed; return Row("create table recorded as select current_setting('lock_timeout') as lock_timeout"); }, Refused, Cancel);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        Assert.AreEqual(outcome.Elapsed, elapsedGiven, "the row records the statements' time");
        Assert.AreEqual("1s", await ScalarAsync(connection, "select lock_timeout from recorded"), "the row runs under the migration's limits, in its transaction");
        Assert.AreEqual(1, await ScalarAsync(connection, "select f()"));
        Assert.AreEqual("0", await ScalarAsync(connection, "show statement_timeout"), "SET LOCAL must not outlive the migration");
        await AssertOutsideTransactionAsync(database, connection);
    }

    [TestMethod]
    public async Task A_deploy_records_the_success_row_sent_with_the_commit_and_the_failure_of_a_first_statement()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("pipelined_deploy", Cancel);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\ncomment on table customers is 'c';\n", "drop table customers;\n");
        var failing = workspace.Write("20250301000000_invoices.sql", "-- invoices\n  insert into nowhere (id) values (1);\ncreate table invoices (id int);\n");
        workspace.Write("20250301000000_invoices_rollback.sql", "drop table invoices;\n");

        var outcome = await Migrations.Build.Engine.Operations.DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var error = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1007");
        Assert.AreEqual((failing, 2, 15), (error.Location.FilePath, error.Location.Line, error.Location.Column), workspace.Log.ToString());
        Assert.AreEqual(
            "20250210000000 succeeded 2/2 timed; 20250301000000 failed 0/2 timed",
            await workspace.ScalarAsync("select string_agg(version || ' ' || status || ' ' || statements_done || '/' || statements_total || case when finished_at is not null and execution_ms is not null then ' timed' else '' end, '; ' order by id) from migrations_build.history"));
        StringAssert.Contains((string)(await workspace.ScalarAsync("select error from migrations_build.history where status = 'failed'"))!, $"{failing}(2,15): error MIG1007: relation \"nowhere\" does not exist");
        Assert.IsTrue(await workspace.TableExistsAsync("customers"));
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
    }

    private static NpgsqlBatchCommand Row(string sql) => new(sql);

    private static InvalidOperationException Refused(PostgresException exception) => new($"refused: {exception.SqlState}");

    /// <summary>What the session does next is committed at once, i.e. it is not left inside a transaction.</summary>
    private async Task AssertOutsideTransactionAsync(TestDatabase database, NpgsqlConnection connection)
    {
        await ExecuteAsync(connection, "create table committed_probe (id int)");
        await using var other = await database.OpenConnectionAsync(Cancel);
        Assert.AreEqual(1L, await ScalarAsync(other, "select count(*) from pg_tables where tablename = 'committed_probe'"), "the session was left inside a transaction");
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Cancel);
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
