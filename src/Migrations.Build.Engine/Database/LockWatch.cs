using System.Diagnostics;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Looks, from a second connection, at a migration statement that has been running a while: when its backend waits
/// on a lock, says which lock and which sessions hold it (pg_blocking_pids), so a stalled deploy explains itself
/// before lock_timeout ends it; when it waits on nothing, says it is still running, so a long statement is never a
/// silent log. A statement that finishes within <see cref="StartAfter"/> never opens the connection. The watch only
/// reports: whatever goes wrong in it ends the looking with one line, never the migration.
/// </summary>
internal static class LockWatch
{
    /// <summary>How long a statement runs before it is watched; most statements finish well within it.</summary>
    public static readonly TimeSpan StartAfter = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>An unchanged wait is said again this often, so a long one never looks hung in a CI log.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>How the watch's own session shows in pg_stat_activity.</summary>
    public const string ApplicationName = "Migrations.Build lock watch";

    /// <summary>Bounds each look (and so how long stopping can take) should the server stop answering.</summary>
    private const int QuerySeconds = 5;

    private const string WaitQuery =
        """
        select l.locktype, l.mode,
               case when l.relation is not null then
                 coalesce(case c.relkind when 'r' then 'table ' when 'p' then 'table ' when 'i' then 'index ' when 'I' then 'index '
                                         when 'S' then 'sequence ' when 'v' then 'view ' when 'm' then 'materialized view '
                                         when 'f' then 'foreign table ' else 'relation ' end || format('%I.%I', n.nspname, c.relname),
                          'relation ' || l.relation::text)
               end,
               l.transactionid::text
        from pg_locks l
        left join pg_class c on c.oid = l.relation
        left join pg_namespace n on n.oid = c.relnamespace
        where l.pid = $1 and not l.granted
        limit 1
        """;

    private const string BlockersQuery =
        """
        select distinct blocker.pid, a.application_name, a.usename::text, a.state, now() - a.xact_start, a.query
        from unnest(pg_blocking_pids($1)) as blocker(pid)
        left join pg_stat_activity a on a.pid = blocker.pid
        order by blocker.pid
        """;

    /// <summary>
    /// Watches <paramref name="watched"/>'s backend until <paramref name="stop"/> fires; never throws. While it is not
    /// waiting on a lock, says <paramref name="stillRunning"/> at the first look and then every
    /// <see cref="RepeatInterval"/> after the last line, so a long statement is heard from as it runs — also when the
    /// watch's own connection fails, since that line needs no database.
    /// </summary>
    /// <param name="location">The statement, as <c>file(line,col)</c>.</param>
    /// <param name="stillRunning">The line for a statement that has been running this long and waits on nothing.</param>
    /// <param name="statementClock">Started with the statement: how long it has been running.</param>
    public static async Task RunAsync(NpgsqlConnection watched, int processId, string location, Func<TimeSpan, string> stillRunning, ExecutionSettings settings, IOperationLog log, Stopwatch statementClock, CancellationToken stop)
    {
        await Task.Delay(StartAfter - statementClock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stop.IsCancellationRequested)
        {
            return;
        }

        var connection = await OpenAsync(watched, location, log, stop).ConfigureAwait(false);
        var lines = new WatchLines(location, stillRunning, settings.LockTimeout);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                (LockRequest?, IReadOnlyList<BlockingSession>)? look = null;
                if (connection is not null)
                {
                    try
                    {
                        look = await LookAsync(connection, processId).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // The watch only informs: no failure of its own may fail or hang the migration it watches.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        Stopped(location, log, exception, stop);
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }
                }

                var running = statementClock.Elapsed;
                if (lines.Decide(running, look) is { } line && !stop.IsCancellationRequested)
                {
                    log.Important(line);
                    lines.Said(running);
                }

                await Task.Delay(PollInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The watch's own session, or null (said in one line) when it cannot have one: the migration goes on unwatched.</summary>
    internal static async Task<NpgsqlConnection?> OpenAsync(NpgsqlConnection watched, string location, IOperationLog log, CancellationToken stop)
    {
        var connection = watched.CloneWith(WatchConnectionString(watched));
        try
        {
            await connection.OpenAsync(stop).ConfigureAwait(false);
            return connection;
        }
#pragma warning disable CA1031 // The watch only informs: no failure of its own may fail or hang the migration it watches.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Stopped(location, log, exception, stop);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    internal static void Stopped(string location, IOperationLog log, Exception exception, CancellationToken stop)
    {
        // Once stopped, an error is only the statement ending while the watch was connecting or looking.
        if (!stop.IsCancellationRequested)
        {
            log.Info($"Lock watch for {location} stopped: {PasswordRedaction.Redact(ConnectionLossDetector.Describe(exception))}. The migration goes on unwatched.");
        }
    }

    /// <summary>What the line says: the statement, how long it has run, the lock it wants, what ends the wait, and who holds it.</summary>
    public static string Describe(string location, TimeSpan running, LockRequest? request, IReadOnlyList<BlockingSession> blockers, string lockTimeout)
    {
        var ends = DurationText.TryParse(lockTimeout, out var limit) && limit == TimeSpan.Zero
            ? $"lock_timeout is off ({PublicSurface.LockTimeoutProperty}), so it waits until they finish"
            : $"lock_timeout {lockTimeout} ({PublicSurface.LockTimeoutProperty}) ends the wait";
        var sessions = blockers.Count == 1 ? "1 session" : $"{blockers.Count} sessions";
        var lines = blockers.Select(blocker => $"{Environment.NewLine}    {blocker}");
        return $"Lock wait: {location} has been running {ElapsedText.Format(running)}, waiting for {request?.ToString() ?? "a lock"} held by {sessions}; {ends}:{string.Concat(lines)}";
    }

    /// <summary>The watched connection's own settings and credentials, under a name of its own and with bounded waits.</summary>
    private static string WatchConnectionString(NpgsqlConnection watched) =>
        new NpgsqlConnectionStringBuilder(watched.ConnectionString)
        {
            ApplicationName = ApplicationName,
            Pooling = false,
            CommandTimeout = QuerySeconds,
            Timeout = QuerySeconds,
        }.ConnectionString;

    internal static async Task<(LockRequest? Request, IReadOnlyList<BlockingSession> Blockers)> LookAsync(NpgsqlConnection connection, int processId)
    {
        // Not cancelled with the statement: each look takes milliseconds, and cancelling one costs a connection of its own.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(WithProcessId(WaitQuery, processId));
        batch.BatchCommands.Add(WithProcessId(BlockersQuery, processId));
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        LockRequest? request = null;
        if (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            request = new LockRequest(reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3));
        }

        await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false);
        var blockers = new List<BlockingSession>();
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            blockers.Add(new BlockingSession(
                reader.GetInt32(0),
                NullableString(reader, 1),
                NullableString(reader, 2),
                NullableString(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<TimeSpan>(4),
                NullableString(reader, 5)));
        }

        return (request, blockers);
    }

    private static NpgsqlBatchCommand WithProcessId(string sql, int processId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = processId });
        return command;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
