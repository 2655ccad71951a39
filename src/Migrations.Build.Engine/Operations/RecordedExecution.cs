using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Supabase;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Runs one script of a deploy or rollback and keeps history truthful whatever happens: in a transaction, the
/// success row commits with the change and a failure, cancellation or lost connection is recorded on a separate
/// connection; outside one (<c>-- migrations:no-transaction</c>), a <c>partial</c> row is written first and advanced
/// after every statement, so a crash, a failure or a cancellation part way always shows as partial with its progress.
/// With <paramref name="supabase"/> (MigrationsSupabaseHistory=true) the Supabase history row changes only together
/// with the history row that completes the operation, so the CLI never lists a migration our history does not.
/// </summary>
internal static class RecordedExecution
{
    public static Task<ExecutionOutcome> RunAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, SupabaseHistoryKeeper? supabase, CancellationToken cancellationToken) =>
        script.RunsOutsideTransaction
            ? RunStatementByStatementAsync(context, session, script, row, supabase, cancellationToken)
            : RunInTransactionAsync(context, session, script, row, supabase, cancellationToken);

    /// <summary>
    /// The safe rule for a no-transaction script, whose statements cannot be undone: the Supabase row is written only
    /// once every statement completed, in one transaction with the row's final "succeeded"; a partial run leaves the
    /// Supabase history as it was (a half-applied deploy is not listed as applied, a half-done rollback stays listed, so
    /// <c>supabase db push</c> never runs its forward again over what is left). Whether the row may be written is
    /// asked before the first statement, so a refusal stops it before anything irreversible happens.
    /// </summary>
    private static async Task<ExecutionOutcome> RunStatementByStatementAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, SupabaseHistoryKeeper? supabase, CancellationToken cancellationToken)
    {
        var started = row.StartedAt;
        if (supabase is not null && !await SupabaseHistoryKeeper.MayWriteAsync(session.Connection, row.Operation, cancellationToken).ConfigureAwait(false))
        {
            return await RefuseBeforeStartAsync(context, session, script, row).ConfigureAwait(false);
        }

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
        Task Finish() => session.History.UpdateProgressAsync(session.Connection, id, finalStatus, outcome.StatementsDone, (long)outcome.Elapsed.TotalMilliseconds, outcome.Succeeded ? null : outcome.FailureText(), finished: true, CancellationToken.None);
        if (supabase is not null && outcome.Succeeded)
        {
            await supabase.FinishTogetherAsync(context, session.Connection, script, row, Finish).ConfigureAwait(false);
        }
        else
        {
            await Finish().ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>A no-transaction script whose Supabase row could not be written: refused before its first statement, and recorded as a failed attempt.</summary>
    private static async Task<ExecutionOutcome> RefuseBeforeStartAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row)
    {
        var refusal = SupabaseHistoryKeeper.NotWritableBeforeStart(script, row);
        var outcome = new ExecutionOutcome(false, 0, script.StatementCount, TimeSpan.Zero, null) { Refusal = refusal };
        await RecordFailureAsync(context, session, row, outcome).ConfigureAwait(false);
        return outcome;
    }

    private static async Task<ExecutionOutcome> RunInTransactionAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, SupabaseHistoryKeeper? supabase, CancellationToken cancellationToken)
    {
        var started = row.StartedAt;
        ExecutionOutcome result;
        try
        {
            result = await PipelinedTransaction.RunAsync(
                session.Connection,
                script,
                context.Execution,
                elapsed => SuccessRows(session, supabase, script, row, elapsed),
                (refusal, position) => position == 0 ? RowRefused(session, row, refusal) : new SupabaseHistoryRowException(SupabaseHistoryKeeper.Refused(context, script, row, refusal), refusal),
                cancellationToken).ConfigureAwait(false);
        }
        catch (SupabaseHistoryRowException refused)
        {
            // Every statement ran and was rolled back with the refused row: a failed attempt, recorded like any other.
            result = new ExecutionOutcome(false, script.StatementCount, script.StatementCount, DateTimeOffset.UtcNow - started, null) { Refusal = refused.Diagnostic };
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

        var note = await RecordFailureAsync(context, session, row, result).ConfigureAwait(false);
        return result.Lost is { } lost ? result with { Lost = lost with { RecordingNote = note } } : result;
    }

    /// <summary>A failed attempt's row, on a connection of its own (the attempt's transaction may have taken the main one).</summary>
    private static Task<string> RecordFailureAsync(OperationContext context, LockedSession session, HistoryEntry row, ExecutionOutcome result) =>
        FailureRecorder.AppendAsync(context, session.History, row with
        {
            Status = HistoryStatus.Failed,
            FinishedAt = DateTimeOffset.UtcNow,
            ExecutionMilliseconds = (long)result.Elapsed.TotalMilliseconds,
            StatementsDone = result.StatementsDone,
            StatementsTotal = result.StatementsTotal,
            Error = result.FailureText(),
        });

    /// <summary>
    /// The rows sent with the migration's COMMIT, so they commit together with it or not at all: our success row and,
    /// when kept, the Supabase history's insert (deploy) or delete (rollback). They ride in the second of
    /// <see cref="PipelinedTransaction"/>'s two round trips — rows, then COMMIT, in one batch sent only after every
    /// statement completed — so a crash or lost connection at any point leaves both histories committed or neither:
    /// the server runs the batch in order in the migration's open transaction and commits only if both rows were taken.
    /// </summary>
    private static IReadOnlyList<Npgsql.NpgsqlBatchCommand> SuccessRows(LockedSession session, SupabaseHistoryKeeper? supabase, MigrationScript script, HistoryEntry row, TimeSpan elapsed)
    {
        var ours = session.History.AppendCommand(row with
        {
            Status = HistoryStatus.Succeeded,
            FinishedAt = DateTimeOffset.UtcNow,
            ExecutionMilliseconds = (long)elapsed.TotalMilliseconds,
            StatementsDone = script.StatementCount,
            StatementsTotal = script.StatementCount,
        });
        return supabase is null ? [ours] : [ours, supabase.CommandFor(row, script)];
    }

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
