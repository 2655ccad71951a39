using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Runs one script of a deploy or rollback and keeps history truthful whatever happens: in a transaction, the
/// success row commits with the change and a failure or cancellation is recorded on a separate connection; outside
/// one (<c>-- migrations:no-transaction</c>), a <c>partial</c> row is written first and advanced after every
/// statement, so a crash, a failure or a cancellation part way always shows as partial with its progress.
/// </summary>
internal static class RecordedExecution
{
    public static async Task<ExecutionOutcome> RunAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, CancellationToken cancellationToken)
    {
        var started = row.StartedAt;
        if (script.RunsOutsideTransaction)
        {
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
                await session.History.UpdateProgressAsync(session.Connection, id, status, done, (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds, $"cancelled by the user after {done} of {script.StatementCount} statements", finished: true, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var finalStatus = outcome.Succeeded ? HistoryStatus.Succeeded : outcome.StatementsDone == 0 ? HistoryStatus.Failed : HistoryStatus.Partial;
            await session.History.UpdateProgressAsync(session.Connection, id, finalStatus, outcome.StatementsDone, (long)outcome.Elapsed.TotalMilliseconds, outcome.Error?.ToDiagnostic().ToString(), finished: true, CancellationToken.None).ConfigureAwait(false);
            return outcome;
        }

        ExecutionOutcome result;
        try
        {
            result = await MigrationExecutor.RunInTransactionAsync(
                session.Connection,
                script,
                context.Execution,
                (transaction, elapsed) => session.History.AppendAsync(session.Connection, transaction, row with
                {
                    Status = HistoryStatus.Succeeded,
                    FinishedAt = DateTimeOffset.UtcNow,
                    ExecutionMilliseconds = (long)elapsed.TotalMilliseconds,
                    StatementsDone = script.StatementCount,
                    StatementsTotal = script.StatementCount,
                }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server cancelled the running statement and the transaction rolled back; the attempt still belongs in history.
            await FailureRecorder.RecordAsync(context, session.History, row with
            {
                Status = HistoryStatus.Failed,
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds,
                StatementsTotal = script.StatementCount,
                Error = "cancelled by the user; the transaction was rolled back",
            }).ConfigureAwait(false);
            throw;
        }

        if (!result.Succeeded)
        {
            await FailureRecorder.RecordAsync(context, session.History, row with
            {
                Status = HistoryStatus.Failed,
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = (long)result.Elapsed.TotalMilliseconds,
                StatementsDone = result.StatementsDone,
                StatementsTotal = result.StatementsTotal,
                Error = result.Error!.ToDiagnostic().ToString(),
            }).ConfigureAwait(false);
        }

        return result;
    }
}
