using System.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// The session-level advisory lock that makes deploys, rollbacks and tests against one history table take turns.
/// Session-level (not transaction-level) because a no-transaction migration spans many transactions; polled with
/// pg_try_advisory_lock rather than blocking, so the wait is bounded and the holder can be named when it runs out.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private bool _released;

    private MigrationLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>How often a waiting operation says who it is waiting for: often enough that a CI log never looks hung.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    /// <param name="progress">Told, on the first miss and then every <see cref="ProgressInterval"/>, who holds the lock and how long we will wait; and, after such a wait, when the lock is ours.</param>
    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection connection, HistoryLocation location, TimeSpan wait, Action<string>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        var nextProgress = TimeSpan.Zero;
        while (true)
        {
            await using (var attempt = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection))
            {
                attempt.Parameters.Add(new NpgsqlParameter { Value = location.LockKey });
                if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    if (progress is not null && nextProgress > TimeSpan.Zero)
                    {
                        // After "Waiting for …" lines, the one that says the wait is over and the work begins.
                        progress($"Got the migration lock on {location} after {ElapsedText.Format(clock.Elapsed)}.");
                    }

                    return new MigrationLock(connection, location.LockKey);
                }
            }

            if (clock.Elapsed >= wait)
            {
                throw new MigrationLockBusyException(location, wait, await FindHolderAsync(connection, location.LockKey, cancellationToken).ConfigureAwait(false));
            }

            if (progress is not null && clock.Elapsed >= nextProgress)
            {
                var holder = await FindHolderAsync(connection, location.LockKey, cancellationToken).ConfigureAwait(false);
                progress($"Waiting for the migration lock on {location}, held by {holder?.ToString() ?? "a session that is just ending"}; waiting up to {wait.TotalSeconds:0.#} s ({(wait - clock.Elapsed).TotalSeconds:0} s left, {PublicSurface.LockWaitProperty}).");
                nextProgress = clock.Elapsed + ProgressInterval;
            }

            var remaining = wait - clock.Elapsed;
            await Task.Delay(remaining < pause ? remaining : pause, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        if (_connection.FullState != System.Data.ConnectionState.Open)
        {
            return; // The session is gone, and a session-level lock goes with it.
        }

        try
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1)", _connection);
            release.Parameters.Add(new NpgsqlParameter { Value = _key });
            await release.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (ConnectionLossDetector.IsLost(exception, _connection))
        {
            // Lost just now: the server released the lock with the session.
        }
    }

    /// <summary>
    /// A bigint advisory key is stored as two 32-bit halves in pg_locks (classid = high, objid = low). Advisory locks
    /// belong to one database, and another database on the server may hold the same key (its own history table).
    /// </summary>
    private static async Task<LockHolder?> FindHolderAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(
            """
            select a.pid, a.usename, a.application_name, a.client_addr::text, coalesce(a.xact_start, a.backend_start)
            from pg_locks l
            join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and l.database = (select oid from pg_database where datname = current_database())
              and l.classid = (($1 >> 32) & 4294967295)::bigint::oid
              and l.objid = ($1 & 4294967295)::bigint::oid
            limit 1
            """,
            connection);
        query.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new LockHolder(
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }
}
