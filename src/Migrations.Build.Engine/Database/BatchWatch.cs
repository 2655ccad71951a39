using System.Diagnostics;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// <see cref="StatementWatch"/> for a migration whose statements travel in one batch (<see cref="PipelinedTransaction"/>):
/// the same lock-wait, "Still running" and "Slow statement" lines, naming the statement that is running. The client
/// learns nothing of a batch's progress until it ends, so once the batch has run nearly
/// <see cref="LockWatch.StartAfter"/> the watch asks the server, every <see cref="LookInterval"/>, which statement its
/// backend executes and since when (<see cref="BatchProgress"/>); a batch that ends sooner costs nothing but a timer.
/// A statement's time is the server's from its start, to the start of the next statement seen (exact) or to the look
/// that found it over (up to one <see cref="LookInterval"/> long when fast statements followed it unseen).
/// Without a log it does nothing.
/// </summary>
internal sealed class BatchWatch : IAsyncDisposable
{
    /// <summary>
    /// How often a watched batch's progress is read. Well under <see cref="StatementWatch.SlowThreshold"/>, so a statement
    /// that long is always seen running (a look falls inside it), which is what its time is measured from.
    /// </summary>
    public static readonly TimeSpan LookInterval = TimeSpan.FromMilliseconds(100);

    private const string ActivityQuery =
        "select query, query_start, clock_timestamp() - query_start from pg_stat_activity where pid = $1 and state = 'active' and query_start is not null";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly MigrationScript _script;
    private readonly IOperationLog? _log;
    private readonly BatchProgress _progress;
    private readonly CancellationTokenSource? _stop;
    private readonly Task _watching = Task.CompletedTask;

    private BatchWatch(NpgsqlConnection connection, MigrationScript script, ExecutionSettings settings, CancellationToken cancellationToken)
    {
        _script = script;
        _log = settings.Log;
        _progress = new BatchProgress(script.Sql.Statements);
        if (_log is not null)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _watching = WatchAsync(connection, connection.ProcessID, settings, _log, _stop.Token);
        }
    }

    /// <summary>Call just before the batch of <paramref name="script"/>'s statements is sent; dispose when it has ended, however it ended.</summary>
    public static BatchWatch Start(NpgsqlConnection connection, MigrationScript script, ExecutionSettings settings, CancellationToken cancellationToken) =>
        new(connection, script, settings, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        var end = _clock.Elapsed;
        if (_stop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _watching.ConfigureAwait(false);
            _stop.Dispose();
        }

        if (_log is null)
        {
            return;
        }

        // The watch's task has ended (awaited above), so its progress is read here without a race.
        foreach (var (index, took) in _progress.Durations(end))
        {
            if (took >= StatementWatch.SlowThreshold)
            {
                // Said at the build's default verbosity, like "Applied …": which statement made a deploy slow is what its log is read for.
                _log.Important(StatementWatch.SlowLine(StatementWatch.Location(_script, index), _script.Sql.Statements[index], took));
            }
        }
    }

    /// <summary>Reads the batch's progress and says what a <see cref="LockWatch"/> would say of the running statement; never throws.</summary>
    private async Task WatchAsync(NpgsqlConnection watched, int processId, ExecutionSettings settings, IOperationLog log, CancellationToken stop)
    {
        // One look before a statement can have run SlowThreshold: every statement that long is then seen running.
        var firstLook = LockWatch.StartAfter - LookInterval;
        await Task.Delay(firstLook - _clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stop.IsCancellationRequested)
        {
            return;
        }

        var connection = await LockWatch.OpenAsync(watched, StatementWatch.Location(_script, _progress.Named), log, stop).ConfigureAwait(false);
        WatchLines? lines = null;
        var linesFor = -1;
        TimeSpan? lastLockLook = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (connection is not null && !await TryObserveAsync(connection, processId, log, stop).ConfigureAwait(false))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                var named = _progress.Named;
                if (named != linesFor)
                {
                    // A new statement: its lines start afresh, as a StatementWatch of its own would.
                    lines = new WatchLines(StatementWatch.Location(_script, named), StatementWatch.StillRunning(_script, named), settings.LockTimeout);
                    linesFor = named;
                    lastLockLook = null;
                }

                var now = _clock.Elapsed;
                if (_progress.RunningAt(now) >= LockWatch.StartAfter && (lastLockLook is null || now - lastLockLook >= LockWatch.PollInterval))
                {
                    lastLockLook = now;
                    (LockRequest?, IReadOnlyList<BlockingSession>)? look = null;
                    if (connection is not null)
                    {
                        try
                        {
                            look = await LockWatch.LookAsync(connection, processId).ConfigureAwait(false);
                        }
#pragma warning disable CA1031 // The watch only informs: no failure of its own may fail or hang the migration it watches.
                        catch (Exception exception)
#pragma warning restore CA1031
                        {
                            LockWatch.Stopped(lines!.Location, log, exception, stop);
                            await connection.DisposeAsync().ConfigureAwait(false);
                            connection = null;
                        }
                    }

                    var running = _progress.RunningAt(_clock.Elapsed);
                    if (lines!.Decide(running, look) is { } line && !stop.IsCancellationRequested)
                    {
                        log.Important(line);
                        lines.Said(running);
                    }
                }

                // Without a connection there is no progress to read: only "still running" lines, at the lock watch's pace.
                await Task.Delay(connection is null ? LockWatch.PollInterval : LookInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    /// <summary>One look at which statement the backend executes; false (said in one line) when the watch's connection failed.</summary>
    private async Task<bool> TryObserveAsync(NpgsqlConnection connection, int processId, IOperationLog log, CancellationToken stop)
    {
        try
        {
            // Not cancelled with the batch: a look takes milliseconds, and cancelling one costs a connection of its own.
            await using var command = new NpgsqlCommand(ActivityQuery, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = processId });
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            if (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                _progress.Observe(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetDateTime(1), reader.GetFieldValue<TimeSpan>(2), _clock.Elapsed);
            }

            return true;
        }
#pragma warning disable CA1031 // The watch only informs: no failure of its own may fail or hang the migration it watches.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LockWatch.Stopped(StatementWatch.Location(_script, _progress.Named), log, exception, stop);
            return false;
        }
    }
}
