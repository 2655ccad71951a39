using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>
/// A statement that waits on a lock says who holds it, from a second connection, while it waits; a slow statement is
/// logged with its line when it ends; and the watch failing never fails the migration.
/// </summary>
[TestClass]
public sealed class LockWatchTests
{
    private const string Id = "20250301000000_add_note";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_deploy_waiting_on_a_lock_names_the_session_holding_it_and_succeeds_once_it_is_released()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockwatch", TestContext.CancellationToken);
        await using var holder = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "set application_name = 'nightly report'; create table busy (id int)");
        await using var blocking = await holder.BeginTransactionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "lock table busy in access exclusive mode", blocking);
        var folder = Path.Combine(Path.GetTempPath(), "mb-lockwatch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var forward = Path.Combine(folder, Id + ".sql");
        File.WriteAllText(forward, "-- the report table gets a note\nalter table busy add column note text;\n");
        File.WriteAllText(Path.Combine(folder, Id + "_rollback.sql"), "alter table busy drop column note;\n");
        var log = new LineAwaitingLog("Lock wait: ");
        var settings = new OperationSettings
        {
            MigrationsDirectory = folder,
            EnvironmentName = "Staging",
            // Long enough that only a missing wait line, never a slow machine, lets the deploy end before the release.
            LockTimeout = "60s",
            ReadVariable = name => name == "SUPABASE_STAGING_URL" ? database.ConnectionString : null,
        };

        try
        {
            var deploy = DeployCommand.RunAsync(settings, log, TestContext.CancellationToken);
            var first = await Task.WhenAny(log.Said, deploy);

            Assert.AreSame(log.Said, first, "the deploy ended before saying what it waits for: " + log);
            var line = await log.Said;
            StringAssert.StartsWith(line, $"Lock wait: {forward}(2,1) has been running ");
            StringAssert.Contains(line, "waiting for AccessExclusiveLock on table public.busy held by 1 session; lock_timeout 60s (MigrationsLockTimeout) ends the wait:");
            StringAssert.Contains(line, $"{Environment.NewLine}    pid {holder.ProcessID}, application 'nightly report', user ");
            StringAssert.Contains(line, ", idle in transaction, transaction open ");
            StringAssert.EndsWith(line, ", last query: lock table busy in access exclusive mode");

            await blocking.CommitAsync(TestContext.CancellationToken);
            Assert.IsTrue(await deploy, log.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.AreEqual(1L, await ScalarAsync(holder, "select count(*) from information_schema.columns where table_name = 'busy' and column_name = 'note'"));
        Assert.IsTrue(log.Inner.Messages.Any(message => message.StartsWith($"Slow statement: {forward}(2,1) took ", StringComparison.Ordinal) && message.EndsWith(" s: alter table busy add column note text;", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task A_statement_over_a_second_is_logged_with_its_line_and_duration()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("slowstmt", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        var log = new RecordingLog();
        var script = new MigrationScript("/m/slow.sql", "create table a (id int);\n\n  select pg_sleep(1.2);\ninsert into a values (1);\n");

        var outcome = await MigrationExecutor.RunInTransactionAsync(connection, script, new ExecutionSettings { Log = log }, (_, _) => Task.CompletedTask, TestContext.CancellationToken);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        // A "Still running" line may come first, depending on how soon the watch looked; the closing line is one.
        var slow = log.Messages.Single(message => message.StartsWith("Slow statement: ", StringComparison.Ordinal));
        StringAssert.StartsWith(slow, "Slow statement: /m/slow.sql(3,3) took 1.");
        StringAssert.EndsWith(slow, " s: select pg_sleep(1.2);");
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public async Task A_watch_that_cannot_connect_says_so_once_and_the_migration_goes_on()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockwatch_noconn", TestContext.CancellationToken);
        var role = "mb_onesession_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = await database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            // Only one session for this role: the migration's own, so the watch's connection is refused.
            await ExecuteAsync(admin, $"create role {role} login connection limit 1");
        }

        var log = new RecordingLog();
        ExecutionOutcome outcome;
        try
        {
            var url = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Pooling = false }.ConnectionString;
            await using var connection = new NpgsqlConnection(url);
            await connection.OpenAsync(TestContext.CancellationToken);
            var script = new MigrationScript("/m/alone.sql", "select pg_sleep(1.5);\n");
            outcome = await MigrationExecutor.RunInTransactionAsync(connection, script, new ExecutionSettings { Log = log }, (_, _) => Task.CompletedTask, TestContext.CancellationToken);
        }
        finally
        {
            await using var admin = await database.OpenConnectionAsync(TestContext.CancellationToken);
            await ExecuteAsync(admin, $"drop role {role}");
        }

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.ToString());
        var stopped = log.Messages.Where(message => message.StartsWith("Lock watch for /m/alone.sql(1,1) stopped: ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, stopped, log.ToString());
        StringAssert.Contains(stopped[0], $"too many connections for role \"{role}\"");
        StringAssert.EndsWith(stopped[0], ". The migration goes on unwatched.");
        Assert.IsTrue(log.Messages.Any(message => message.StartsWith("Slow statement: /m/alone.sql(1,1) took ", StringComparison.Ordinal)), log.ToString());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
