using System.Collections.Concurrent;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>
/// The drift check only reads the live database: while it runs, its sessions hold no lock beyond AccessShareLock on a
/// relation and never get a transaction id (nothing written); afterwards no row was written and no history schema
/// exists on a database that had none.
/// </summary>
[TestClass]
public sealed class DriftReadOnlyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_check_takes_only_access_share_locks_and_writes_nothing()
    {
        await using var project = await DriftProject.CreateAsync("drift_readonly", TestContext.CancellationToken);
        await ExecuteUnpooledAsync(project.Database.ConnectionString, "create table made_by_hand (id int primary key); insert into made_by_hand values (1);");
        var before = await StableWritesAsync(project.Database.ConnectionString);
        var seen = new ConcurrentBag<(string Mode, string? Xid)>();
        using var stop = new CancellationTokenSource();
        var watch = WatchAsync(project.Database.ConnectionString, seen, stop.Token);
        var log = new RecordingLog();

        var passed = await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken);
        await stop.CancelAsync();
        await watch;

        Assert.IsFalse(passed);
        Assert.AreEqual("Drift on Production: table public.made_by_hand: exists on Production but not in its history", log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1040").Message, log.ToString());
        Assert.IsNotEmpty(seen, "the watcher never saw the drift check's session holding a lock, so it proves nothing");
        CollectionAssert.AreEquivalent(new[] { "AccessShareLock" }, seen.Select(item => item.Mode).Distinct().ToArray(), string.Join(", ", seen));
        Assert.IsTrue(seen.All(item => item.Xid is null), "a drift check session was assigned a transaction id, so it wrote: " + string.Join(", ", seen));
        Assert.AreEqual(false, await ScalarAsync(project.Database.ConnectionString, "select to_regnamespace('migrations_build') is not null"), "the history schema was created");
        Assert.AreEqual(before, await StableWritesAsync(project.Database.ConnectionString), "rows were inserted, updated or deleted in the live database");
    }

    /// <summary>Every relation lock a drift check session holds in this database, with its backend's transaction id, until stopped.</summary>
    private static async Task WatchAsync(string connectionString, ConcurrentBag<(string Mode, string? Xid)> seen, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "select l.mode, a.backend_xid::text from pg_locks l join pg_stat_activity a on a.pid = l.pid "
            + "where a.datname = current_database() and a.application_name like '%drift check%' and l.locktype = 'relation'",
            connection);
        while (!stop.IsCancellationRequested)
        {
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                seen.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }
    }

    /// <summary>
    /// Rows inserted, updated and deleted in this database's own tables, once the statistics stop moving (backends flush
    /// them as they end). Not pg_stat_database's counters: those include the catalog updates autovacuum makes.
    /// </summary>
    private static async Task<string> StableWritesAsync(string connectionString)
    {
        string? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = (string)(await ScalarAsync(connectionString, "select pg_stat_clear_snapshot()::text || sum(n_tup_ins) || '/' || sum(n_tup_upd) || '/' || sum(n_tup_del) from pg_stat_user_tables"))!;
            if (now == last)
            {
                return now;
            }

            last = now;
            await Task.Delay(700);
        }

        return last!;
    }

    private static async Task ExecuteUnpooledAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
