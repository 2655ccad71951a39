using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Runs one script of a deploy or rollback and keeps history truthful whatever happens: in a transaction, the
/// success row commits with the change and a failure, cancellation or lost connection is recorded on a separate
/// connection; outside one (<c>-- migrations:no-transaction</c>), a <c>partial</c> row is written first and advanced
/// after every statement, so a crash, a failure or a cancellation part way always shows as partial with its progress.
/// </summary>
internal static class RecordedExecution
{
    public static Task<ExecutionOutcome> RunAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, CancellationToken cancellationToken) =>
        script.RunsOutsideTransaction
            ? RunStatementByStatementAsync(context, session, script, row, cancellationToken)
            : RunInTransactionAsync(context, session, script, row, cancellationToken);

    private static async Task<ExecutionOutcome> RunStatementByStatementAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, CancellationToken cancellationToken)
    {
        var started = row.StartedAt;
        var id = await session.History.AppendAsync(session.Connection, null, row with { Status = HistoryStatus.Partial, StatementsTotal = script.StatementCount }, cancellationToken).ConfigureAwait(false);
        var done = 0;
        ExecutionOutcome outcome;
        try
        {
            outcome = await MigrationExecutor.RunStatementByStatementAsync(
                session.Connection,
                script,
                context.Execution,
                (statementsDone, elapsed) =>
                {
                    done = statementsDone;
                    return session.History.UpdateProgressAsync(session.Connection, id, HistoryStatus.Partial, statementsDone, (long)elapsed.TotalMilliseconds, null, finished: false, CancellationToken.None);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var status = done == 0 ? HistoryStatus.Failed : HistoryStatus.Partial;
            await session.History.UpdateProgressAsync(session.Connection, id, status, done, Milliseconds(started), $"cancelled by the user after {done} of {script.StatementCount} statements", finished: true, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (outcome.Lost is { } lost)
        {
            // Whether the running statement completed is unknown, so the row stays partial whatever the count.
            var note = await FailureRecorder.FinishAsync(context, session.History, id, row.MigrationId, HistoryStatus.Partial, outcome.StatementsDone, (long)outcome.Elapsed.TotalMilliseconds, lost.HistoryText).ConfigureAwait(false);
            return outcome with { Lost = lost with { RecordingNote = note } };
        }

        var finalStatus = outcome.Succeeded ? HistoryStatus.Succeeded : outcome.StatementsDone == 0 ? HistoryStatus.Failed : HistoryStatus.Partial;
        await session.History.UpdateProgressAsync(session.Connection, id, finalStatus, outcome.StatementsDone, (long)outcome.Elapsed.TotalMilliseconds, outcome.Succeeded ? null : outcome.FailureText(), finished: true, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    private static async Task<ExecutionOutcome> RunInTransactionAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, CancellationToken cancellationToken)
    {
        var started = row.StartedAt;
        ExecutionOutcome result;
        try
        {
            result = await PipelinedTransaction.RunAsync(
                session.Connection,
                script,
                context.Execution,
                elapsed => SuccessRow(session, script, row, elapsed),
                refusal => RowRefused(session, row, refusal),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server cancelled the running statement and the transaction rolled back; the attempt still belongs in history.
            await FailureRecorder.AppendAsync(context, session.History, row with
            {
                Status = HistoryStatus.Failed,
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = Milliseconds(started),
                StatementsTotal = script.StatementCount,
                Error = "cancelled by the user; the transaction was rolled back",
            }).ConfigureAwait(false);
            throw;
        }

        if (result.Succeeded)
        {
            return result;
        }

        var note = await FailureRecorder.AppendAsync(context, session.History, row with
        {
            Status = HistoryStatus.Failed,
            FinishedAt = DateTimeOffset.UtcNow,
            ExecutionMilliseconds = (long)result.Elapsed.TotalMilliseconds,
            StatementsDone = result.StatementsDone,
            StatementsTotal = result.StatementsTotal,
            Error = result.FailureText(),
        }).ConfigureAwait(false);
        return result.Lost is { } lost ? result with { Lost = lost with { RecordingNote = note } } : result;
    }

    /// <summary>The success row, sent with the migration's COMMIT so the two commit together or not at all.</summary>
    private static Npgsql.NpgsqlBatchCommand SuccessRow(LockedSession session, MigrationScript script, HistoryEntry row, TimeSpan elapsed) =>
        session.History.AppendCommand(row with
        {
            Status = HistoryStatus.Succeeded,
            FinishedAt = DateTimeOffset.UtcNow,
            ExecutionMilliseconds = (long)elapsed.TotalMilliseconds,
            StatementsDone = script.StatementCount,
            StatementsTotal = script.StatementCount,
        });

    /// <summary>
    /// The server refused the success row (a revoked privilege, a trigger): the migration was rolled back with it,
    /// since it must not commit without its record.
    /// </summary>
    private static HistoryWriteException RowRefused(LockedSession session, HistoryEntry row, Npgsql.PostgresException exception) =>
        new(
            $"{row.MigrationId} ran, but its history row could not be written to {session.History.Location} ({exception.MessageText}, SQLSTATE {exception.SqlState}), so it was rolled back: nothing of it is applied. "
            + "Make the history table writable for this role (check its privileges and triggers), then deploy again.",
            exception);

    private static long Milliseconds(DateTimeOffset started) => (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds;
}
