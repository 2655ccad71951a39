using System.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Runs one migration script against an open connection. In a transaction by default, every statement in one batch (the
/// failing one is still named: the server stops at it), and the caller's history row is written inside the same
/// transaction, so a migration and its record commit together or not at all. A script marked <c>-- migrations:no-transaction</c> runs
/// statement by statement, reporting progress after each so a half-applied migration is always visible.
/// </summary>
internal static class MigrationExecutor
{
    /// <summary>
    /// Runs <paramref name="script"/> the way a deploy does, with nothing recorded: in one transaction, or statement by
    /// statement when it says <c>-- migrations:no-transaction</c>. For throwaway databases (replays, proofs).
    /// </summary>
    public static Task<ExecutionOutcome> RunAsDeployedAsync(NpgsqlConnection connection, MigrationScript script, ExecutionSettings settings, CancellationToken cancellationToken) =>
        script.RunsOutsideTransaction
            ? RunStatementByStatementAsync(connection, script, settings, (_, _) => Task.CompletedTask, cancellationToken)
            : RunInTransactionAsync(connection, script, settings, (_, _) => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Runs <paramref name="script"/> in one transaction; <paramref name="recordSuccess"/> runs inside it before commit.
    /// (Deploy and rollback use <see cref="PipelinedTransaction"/>, which sends their history row with the commit.)
    /// </summary>
    public static async Task<ExecutionOutcome> RunInTransactionAsync(
        NpgsqlConnection connection,
        MigrationScript script,
        ExecutionSettings settings,
        Func<NpgsqlTransaction, TimeSpan, Task> recordSuccess,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        NpgsqlTransaction transaction;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ConnectionLossDetector.IsLost(exception, connection))
        {
            return Lost(script, 0, clock, exception);
        }

        await using (transaction)
        {
            ExecutionOutcome outcome;
            try
            {
                outcome = await RunWithinTransactionAsync(connection, transaction, script, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationSettingRejectedException)
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                throw;
            }

            if (!outcome.Succeeded)
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                return outcome;
            }

            // A failure to record is the caller's to report; the transaction must not commit without its row.
            try
            {
                await recordSuccess(transaction, outcome.Elapsed).ConfigureAwait(false);
            }
            catch (Exception exception) when (ConnectionLossDetector.IsLost(exception, connection))
            {
                return Lost(script, script.StatementCount + 1, clock, exception);
            }
            catch
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                throw;
            }

            try
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
            {
                return Lost(script, script.StatementCount + 1, clock, exception);
            }

            return outcome;
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> inside a transaction the caller owns (TestMigration runs a whole
    /// apply → roll back → apply cycle in one, so a failed proof leaves nothing behind). On a server error the
    /// transaction is left aborted for the caller to roll back.
    /// </summary>
    public static async Task<ExecutionOutcome> RunWithinTransactionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        MigrationScript script,
        ExecutionSettings settings,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (script.Sql.Statements.Count == 0)
        {
            return await ApplyLimitsAsync(connection, transaction, settings, cancellationToken).ConfigureAwait(false) is { } lostFirst
                ? Lost(script, 0, clock, lostFirst)
                : new ExecutionOutcome(true, 0, 0, clock.Elapsed, null);
        }

        // The limits and every statement in one round trip, as a deploy sends them (PipelinedTransaction): a proof runs
        // three scripts, and each statement's own round trip was most of their client-side cost.
        return await RunBatchAsync(
            connection,
            transaction,
            [SetConfig("lock_timeout", settings.LockTimeout, isLocal: true), SetConfig("statement_timeout", settings.StatementTimeout, isLocal: true)],
            script,
            settings,
            clock,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="opening"/> (the transaction's start and limits) and every statement of
    /// <paramref name="script"/> (at least one) in one batch. Every failure fact stays exact: the server runs a batch in
    /// order and skips the rest after an error, so the refused statement is the first without a completion
    /// (<see cref="BatchFailure"/>), and every statement before it completed; <c>statement_timeout</c> applies to each
    /// statement (the extended protocol times each Execute). A lock wait, a long or a slow statement is named while the
    /// batch runs, from the server's view of the session (<see cref="BatchWatch"/>; a single statement's own
    /// <see cref="StatementWatch"/>). A refused opening command is <see cref="RejectedSetting"/>.
    /// </summary>
    internal static async Task<ExecutionOutcome> RunBatchAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        IReadOnlyList<NpgsqlBatchCommand> opening,
        MigrationScript script,
        ExecutionSettings settings,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var statements = script.Sql.Statements;
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        foreach (var command in opening)
        {
            batch.BatchCommands.Add(command);
        }

        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement.Text));
        }

        await using IAsyncDisposable watch = statements.Count == 1
            ? StatementWatch.Start(connection, script, 0, settings, cancellationToken)
            : BatchWatch.Start(connection, script, settings, cancellationToken);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
        {
            // A loss after the last completion counts as during the last statement.
            return Lost(script, RunningStatement(batch, opening.Count, statements.Count) + 1, clock, exception);
        }
        catch (PostgresException exception) when (BatchFailure.IsAmong(batch.BatchCommands, opening))
        {
            throw RejectedSetting(exception);
        }
        catch (PostgresException exception)
        {
            var failed = RunningStatement(batch, opening.Count, statements.Count);
            return new ExecutionOutcome(false, failed, statements.Count, clock.Elapsed, ServerErrorLocator.Locate(script, statements[failed], exception));
        }

        return new ExecutionOutcome(true, statements.Count, statements.Count, clock.Elapsed, null);
    }

    /// <summary>The 0-based statement that had no completion when the batch ended: the opening counts as the first statement's.</summary>
    private static int RunningStatement(NpgsqlBatch batch, int openingCount, int statementCount)
    {
        var command = BatchFailure.FirstIncomplete(batch.BatchCommands);
        return command < 0 ? statementCount - 1 : Math.Max(0, command - openingCount);
    }

    /// <summary>Runs <paramref name="script"/> statement by statement outside any transaction, reporting each completed statement.</summary>
    public static async Task<ExecutionOutcome> RunStatementByStatementAsync(
        NpgsqlConnection connection,
        MigrationScript script,
        ExecutionSettings settings,
        Func<int, TimeSpan, Task> recordProgress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var statements = script.Sql.Statements;
        if (await ApplyLimitsAsync(connection, null, settings, cancellationToken).ConfigureAwait(false) is { } lostFirst)
        {
            return Lost(script, 0, clock, lostFirst);
        }

        try
        {
            for (var index = 0; index < statements.Count; index++)
            {
                if (await RunStatementAsync(connection, script, index, settings, clock, cancellationToken).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }

                try
                {
                    await recordProgress(index + 1, clock.Elapsed).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
                {
                    return Lost(script, index + 2, clock, exception);
                }
            }
        }
        finally
        {
            await ResetLimitsAsync(connection).ConfigureAwait(false);
        }

        return new ExecutionOutcome(true, statements.Count, statements.Count, clock.Elapsed, null);
    }

    /// <summary>
    /// The session outlives this migration (it holds the lock), so later work must not inherit its limits — unless
    /// the session is gone, when there is nothing to reset and trying would only hide why it ended.
    /// </summary>
    private static async Task ResetLimitsAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var reset = new NpgsqlCommand("reset lock_timeout; reset statement_timeout", connection);
            await reset.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (ConnectionLossDetector.IsLost(exception, connection))
        {
            // Lost between the last statement and the reset: the outcome already says what ran.
        }
    }

    internal static ExecutionOutcome Lost(MigrationScript script, int statementNumber, Stopwatch clock, Exception exception)
    {
        var statements = script.Sql.Statements;
        var at = statementNumber >= 1 && statementNumber <= statements.Count ? statements[statementNumber - 1] : null;
        var (line, column) = at is null ? (1, 1) : (at.Line, at.Column);
        var loss = new ConnectionLoss(script.FilePath, line, column, statementNumber, statements.Count, script.RunsOutsideTransaction, ConnectionLossDetector.Describe(exception));
        return new ExecutionOutcome(false, Math.Max(0, Math.Min(statementNumber - 1, statements.Count)), statements.Count, clock.Elapsed, null, loss);
    }

    /// <summary>
    /// Sets the migration's lock and statement timeouts: for its transaction when there is one, else for the session
    /// (reset afterwards). Returns the exception when the connection is already gone.
    /// </summary>
    internal static async Task<Exception?> ApplyLimitsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ExecutionSettings settings, CancellationToken cancellationToken)
    {
        var forTransaction = transaction is not null;
        await using var limits = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        limits.BatchCommands.Add(SetConfig("lock_timeout", settings.LockTimeout, forTransaction));
        limits.BatchCommands.Add(SetConfig("statement_timeout", settings.StatementTimeout, forTransaction));
        try
        {
            await limits.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (ConnectionLossDetector.IsLost(exception, connection))
        {
            return exception;
        }
        catch (PostgresException exception)
        {
            throw RejectedSetting(exception);
        }
    }

    /// <summary>
    /// Runs statement <paramref name="index"/> on its own, outside any transaction, under a <see cref="StatementWatch"/>
    /// (lock waits and slow statements reported); null when it succeeded, else how the run ended.
    /// </summary>
    private static async Task<ExecutionOutcome?> RunStatementAsync(NpgsqlConnection connection, MigrationScript script, int index, ExecutionSettings settings, Stopwatch clock, CancellationToken cancellationToken)
    {
        var statements = script.Sql.Statements;
        // A batch, not a command: its text goes to the server as written, never parsed for parameters by Npgsql.
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand(statements[index].Text));
        await using var watch = StatementWatch.Start(connection, script, index, settings, cancellationToken);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && ConnectionLossDetector.IsLost(exception, connection))
        {
            return Lost(script, index + 1, clock, exception);
        }
        catch (PostgresException exception)
        {
            return new ExecutionOutcome(false, index, statements.Count, clock.Elapsed, ServerErrorLocator.Locate(script, statements[index], exception));
        }
    }

    internal static MigrationSettingRejectedException RejectedSetting(PostgresException exception) =>
        new($"PostgreSQL rejected a migration setting: {exception.MessageText} (SQLSTATE {exception.SqlState}). Check {PublicSurface.LockTimeoutProperty} and {PublicSurface.StatementTimeoutProperty}.", exception);

    internal static NpgsqlBatchCommand SetConfig(string setting, string value, bool isLocal)
    {
        var command = new NpgsqlBatchCommand("select set_config($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = setting });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        command.Parameters.Add(new NpgsqlParameter { Value = isLocal });
        return command;
    }

    private static async Task RollbackQuietlyAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
        {
            // The connection broke along with the statement; the server rolls the transaction back by itself.
        }
    }
}
