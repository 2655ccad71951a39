using Migrations.Build.Engine.Database;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

[TestClass]
public sealed class MigrationExecutorTests
{
    public TestContext TestContext { get; set; } = null!;

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [TestMethod]
    public async Task A_failing_third_statement_rolls_everything_back_and_points_at_the_error()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_fail", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/20250210000000_billing.sql", "-- header\ncreate table a (id int);\r\ncreate table b (id int);\n\ninsert into a (id)\n  values ('not a number');\ncreate table c (id int);\n");
        var recorded = false;

        var outcome = await MigrationExecutor.RunInTransactionAsync(connection, script, new ExecutionSettings(), (_, _) => { recorded = true; return Task.CompletedTask; }, TestContext.CancellationToken);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsFalse(recorded, "history must not be written for a failed transaction");
        Assert.AreEqual(2, outcome.StatementsDone);
        Assert.AreEqual(4, outcome.StatementsTotal);
        var error = outcome.Error!;
        Assert.AreEqual("22P02", error.SqlState);
        Assert.AreEqual(6, error.Line);
        Assert.AreEqual(11, error.Column);
        StringAssert.StartsWith(error.ToDiagnostic().ToString(), "/m/20250210000000_billing.sql(6,11): error MIG1007: invalid input syntax for type integer");
        Assert.AreEqual(0L, await Scalar(connection, "select count(*) from pg_tables where tablename in ('a', 'b', 'c')"));
    }

    [TestMethod]
    public async Task Positions_after_astral_characters_are_counted_in_utf16()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_astral", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/x.sql", "select '😀😀' as emoji, nosuchcolumn from pg_class;\n");

        var outcome = await MigrationExecutor.RunInTransactionAsync(connection, script, new ExecutionSettings(), (_, _) => Task.CompletedTask, TestContext.CancellationToken);

        Assert.AreEqual(1, outcome.Error!.Line);
        Assert.AreEqual(25, outcome.Error.Column, "each emoji is two UTF-16 characters but one code point (the server said 23)");
    }

    [TestMethod]
    public async Task A_successful_migration_commits_with_its_record()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_ok", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/ok.sql", "create table a (id int);\ncreate function f() returns int language plpgsql as $$ begin return 1; end; $$;\n");

        var outcome = await MigrationExecutor.RunInTransactionAsync(connection, script, new ExecutionSettings("1s", "10s"), async (transaction, _) =>
        {
            await using var record = new NpgsqlCommand("create table recorded (ok bool)", connection, transaction);
            await record.ExecuteNonQueryAsync();
        }, TestContext.CancellationToken);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        Assert.AreEqual(1, await Scalar(connection, "select f()"));
        Assert.AreEqual(1L, await Scalar(connection, "select count(*) from pg_tables where tablename = 'recorded'"));
        Assert.AreEqual("0", await Scalar(connection, "show statement_timeout"), "SET LOCAL must not outlive the migration");
    }

    [TestMethod]
    public async Task Lock_timeout_applies_to_the_migration()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_locks", TestContext.CancellationToken);
        await using var holder = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await using (var create = new NpgsqlCommand("create table busy (id int)", holder))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var blocking = await holder.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("lock table busy in access exclusive mode", holder, blocking))
        {
            await lockIt.ExecuteNonQueryAsync();
        }

        var outcome = await MigrationExecutor.RunInTransactionAsync(connection, new MigrationScript("/m/l.sql", "alter table busy add column x int;"), new ExecutionSettings("200ms", "0"), (_, _) => Task.CompletedTask, TestContext.CancellationToken);

        Assert.IsFalse(outcome.Succeeded);
        Assert.AreEqual("55P03", outcome.Error!.SqlState, "lock_not_available");
    }

    [TestMethod]
    public async Task A_no_transaction_script_reports_progress_and_stops_at_the_failure()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_notx", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/n.sql", "-- migrations:no-transaction\ncreate table a (id int);\ncreate index concurrently a_id on a (id);\nselect 1/0;\ncreate table z (id int);\n");
        var progress = new List<int>();

        Assert.IsTrue(script.RunsOutsideTransaction);
        var outcome = await MigrationExecutor.RunStatementByStatementAsync(connection, script, new ExecutionSettings(), (done, _) => { progress.Add(done); return Task.CompletedTask; }, TestContext.CancellationToken);

        Assert.IsFalse(outcome.Succeeded);
        CollectionAssert.AreEqual(new[] { 1, 2 }, progress);
        Assert.AreEqual(2, outcome.StatementsDone);
        Assert.AreEqual(4, outcome.Error!.Line);
        Assert.AreEqual("22012", outcome.Error.SqlState);
        Assert.AreEqual(1L, await Scalar(connection, "select count(*) from pg_indexes where indexname = 'a_id'"), "statements before the failure stay applied");
        Assert.AreEqual(0L, await Scalar(connection, "select count(*) from pg_tables where tablename = 'z'"));
    }

    [TestMethod]
    public async Task Within_a_caller_transaction_the_limits_hold_for_the_script_and_end_with_the_transaction()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_within_limits", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/w.sql", "create table seen as select current_setting('lock_timeout') as lock_timeout, current_setting('statement_timeout') as statement_timeout;\n");

        await using (var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken))
        {
            var outcome = await MigrationExecutor.RunWithinTransactionAsync(connection, transaction, script, new ExecutionSettings("1s", "10s"), TestContext.CancellationToken);
            Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
            Assert.AreEqual(1, outcome.StatementsDone);
            await transaction.CommitAsync(TestContext.CancellationToken);
        }

        Assert.AreEqual("1s", await Scalar(connection, "select lock_timeout from seen"), "the limits are set before the first statement runs");
        Assert.AreEqual("10s", await Scalar(connection, "select statement_timeout from seen"));
        Assert.AreEqual("0", await Scalar(connection, "show lock_timeout"), "SET LOCAL must not outlive the caller's transaction");
    }

    [TestMethod]
    public async Task Within_a_caller_transaction_a_rejected_limit_is_a_setting_error_and_nothing_runs()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("executor_within_rejected", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var script = new MigrationScript("/m/w.sql", "create table never (id int);\n");

        await using (var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken))
        {
            var thrown = await Assert.ThrowsExactlyAsync<MigrationSettingRejectedException>(() =>
                MigrationExecutor.RunWithinTransactionAsync(connection, transaction, script, new ExecutionSettings("soon", "0"), TestContext.CancellationToken));
            StringAssert.Contains(thrown.Message, "lock_timeout");
        }

        Assert.AreEqual(0L, await Scalar(connection, "select count(*) from pg_tables where tablename = 'never'"));
    }
}
