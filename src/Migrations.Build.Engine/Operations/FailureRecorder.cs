using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Writes what happened to a failed attempt on a connection of its own: the attempt's transaction rolled back and may
/// have taken the main connection with it, yet "failed migration attempts" must be visible in history. When the
/// server itself went away (a restart), it retries for a bounded time, and says plainly when it could not.
/// </summary>
internal static class FailureRecorder
{
    /// <summary>How long to keep trying: long enough for a fast restart, short enough that a CI job is not left hanging.</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>Appends the failed attempt's row; returns a sentence for the user saying whether it is recorded.</summary>
    public static Task<string> AppendAsync(OperationContext context, HistoryStore history, HistoryEntry failure) =>
        TryAsync(context, history, failure.MigrationId, connection => history.AppendAsync(connection, null, failure, CancellationToken.None));

    /// <summary>Finishes a no-transaction attempt's row (written before it started) with its final state.</summary>
    public static Task<string> FinishAsync(OperationContext context, HistoryStore history, long id, string migrationId, HistoryStatus status, int statementsDone, long milliseconds, string error) =>
        TryAsync(context, history, migrationId, connection => history.UpdateProgressAsync(connection, id, status, statementsDone, milliseconds, error, finished: true, CancellationToken.None));

    private static async Task<string> TryAsync(OperationContext context, HistoryStore history, string migrationId, Func<Npgsql.NpgsqlConnection, Task> write)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var connection = await OperationConnection.OpenAsync(context, "record failure", CancellationToken.None).ConfigureAwait(false);
                await write(connection).ConfigureAwait(false);
                return $"The attempt is recorded in {history.Location}.";
            }
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // A server that answers and refuses (a trigger, a revoked privilege) will refuse again: no retry.
                var serverRefused = exception is Npgsql.PostgresException { SqlState: var state } && !state.StartsWith("57P", StringComparison.Ordinal) && !state.StartsWith("08", StringComparison.Ordinal);
                if (serverRefused || clock.Elapsed + pause > RetryBudget)
                {
                    var reason = ConnectionLossDetector.Describe(exception);
                    context.Log.Important($"The failure of {migrationId} could not be recorded in {history.Location} ({reason}).");
                    return serverRefused
                        ? $"The attempt could NOT be recorded in {history.Location}: the server refused the row ({reason}); check MigrationStatus before deploying again."
                        : $"The attempt could NOT be recorded in {history.Location}: the server did not take the row within {RetryBudget.TotalSeconds:0} s ({reason}); check MigrationStatus before deploying again.";
                }

                context.Log.Info($"Recording the failure of {migrationId} failed ({ConnectionLossDetector.Describe(exception)}); trying again in {pause.TotalSeconds:0.##} s.");
                await Task.Delay(pause).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
    }
}
