using System.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// A deploy's or rollback's migration in its own transaction with its history row, in two round trips whatever its
/// number of statements: <c>BEGIN</c>, the two limits and every statement in one batch, the success row with the
/// <c>COMMIT</c> in a second — the client-side cost of a deploy of many small migrations is mostly round trips.
/// Every failure fact stays exact: the server runs the batch in order and stops at the first error, so the refused
/// statement is the first without a completion (<see cref="BatchFailure"/>); <c>statement_timeout</c> applies to each
/// statement (the extended protocol times each Execute); the <c>COMMIT</c> is sent only once every statement completed,
/// so a connection lost during the first batch still means nothing of the migration was committed. A lock wait, a
/// long or a slow statement is named while the batch runs by reading the server's view of it (<see cref="BatchWatch"/>).
/// The transaction is opened and closed in SQL (there is no <see cref="NpgsqlTransaction"/> to hand a callback), so
/// every way out that did not commit rolls back here.
/// </summary>
internal static class PipelinedTransaction
{
    /// <summary>
    /// Runs <paramref name="script"/>; <paramref name="successRow"/> (given the statements' elapsed time) is inserted
    /// in the commit's round trip. When the server refuses that row, the transaction is rolled back and
    /// <paramref name="rowRefused"/>'s exception thrown: the migration must not stand without its record.
    /// </summary>
    public static Task<ExecutionOutcome> RunAsync(
        NpgsqlConnection connection,
        MigrationScript script,
        ExecutionSettings settings,
        Func<TimeSpan, NpgsqlBatchCommand> successRow,
        Func<PostgresException, Exception> rowRefused,
        CancellationToken cancellationToken) =>
        RunAsync(connection, script, settings, elapsed => [successRow(elapsed)], (exception, _) => rowRefused(exception), cancellationToken);

    /// <summary>
    /// Runs <paramref name="script"/>; <paramref name="successRows"/> (given the statements' elapsed time) are sent, in
    /// order, in the commit's round trip, ahead of the <c>COMMIT</c>. When the server refuses one, the transaction is
    /// rolled back and <paramref name="rowRefused"/>'s exception thrown, given the refused row's position: the
    /// migration must not stand without every one of its records.
    /// </summary>
    public static async Task<ExecutionOutcome> RunAsync(
        NpgsqlConnection connection,
        MigrationScript script,
        ExecutionSettings settings,
        Func<TimeSpan, IReadOnlyList<NpgsqlBatchCommand>> successRows,
        Func<PostgresException, int, Exception> rowRefused,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var committed = false;
        try
        {
            var outcome = await RunStatementsAsync(connection, script, settings, clock, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return outcome;
            }

            var rows = successRows(outcome.Elapsed);
            await using var closing = new NpgsqlBatch(connection) { Timeout = 0 };
            foreach (var row in rows)
            {
                closing.BatchCommands.Add(row);
            }

            closing.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
            try
            {
                await closing.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
            {
                // Whether the commit reached the server is unknown; the loss report says so.
                return MigrationExecutor.Lost(script, script.StatementCount + 1, clock, exception);
            }
            catch (PostgresException exception) when (BatchFailure.FirstIncomplete(closing.BatchCommands) is var refused && refused >= 0 && refused < rows.Count)
            {
                throw rowRefused(exception, refused);
            }

            return outcome;
        }
        finally
        {
            if (!committed)
            {
                await RollbackQuietlyAsync(connection).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ExecutionOutcome> RunStatementsAsync(NpgsqlConnection connection, MigrationScript script, ExecutionSettings settings, Stopwatch clock, CancellationToken cancellationToken)
    {
        List<NpgsqlBatchCommand> opening =
        [
            new("begin"),
            MigrationExecutor.SetConfig("lock_timeout", settings.LockTimeout, isLocal: true),
            MigrationExecutor.SetConfig("statement_timeout", settings.StatementTimeout, isLocal: true),
        ];
        var statements = script.Sql.Statements;
        if (statements.Count == 0)
        {
            // Nothing to carry the opening: it goes alone, so the (empty) migration still commits with its row.
            await using var alone = new NpgsqlBatch(connection) { Timeout = 0 };
            opening.ForEach(alone.BatchCommands.Add);
            try
            {
                await alone.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
            {
                return MigrationExecutor.Lost(script, 0, clock, exception);
            }
            catch (PostgresException exception)
            {
                throw MigrationExecutor.RejectedSetting(exception);
            }

            return new ExecutionOutcome(true, 0, 0, clock.Elapsed, null);
        }

        return await MigrationExecutor.RunBatchAsync(connection, null, opening, script, settings, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends whatever is left of the transaction: after a failed statement, a refused row or setting, a cancellation.
    /// Harmless when there is none (the server only warns); skipped when the connection is gone, since the server
    /// rolls back a lost session's transaction by itself.
    /// </summary>
    private static async Task RollbackQuietlyAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("rollback", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
        {
            // The connection broke along with the statement; the server rolls the transaction back by itself.
        }
    }
}
