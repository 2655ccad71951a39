using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
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
            await FinishWithSupabaseRowAsync(context, session, script, row, supabase, Finish).ConfigureAwait(false);
        }
        else
        {
            await Finish().ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// The final "succeeded" and the Supabase row in one transaction. Should the row still be refused (a trigger, a
    /// policy: the privilege was checked before the first statement), the statements stand, so history records them
    /// as succeeded and the refusal is reported with how to list the migration by hand.
    /// </summary>
    private static async Task FinishWithSupabaseRowAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row, SupabaseHistoryKeeper supabase, Func<Task> finish)
    {
        try
        {
            await using var transaction = await session.Connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            await finish().ConfigureAwait(false);
            await using var batch = new Npgsql.NpgsqlBatch(session.Connection, transaction) { BatchCommands = { supabase.CommandFor(row, script) } };
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Npgsql.PostgresException exception)
        {
            await finish().ConfigureAwait(false);
            var repair = row.Operation == MigrationOperation.Rollback ? "reverted" : "applied";
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.SupabaseHistoryRowRefused,
                SourceLocation.StartOf(script.FilePath),
                $"{row.MigrationId} completed (it runs outside a transaction, so it stands and our history records it), but {SupabaseHistoryTable.DisplayName} refused its row ({exception.MessageText}, SQLSTATE {exception.SqlState}): supabase migration list now disagrees. "
                + $"Record it there with: supabase migration repair --status {repair} {row.Version}"));
        }
    }

    /// <summary>A no-transaction script whose Supabase row could not be written: refused before its first statement, and recorded as a failed attempt.</summary>
    private static async Task<ExecutionOutcome> RefuseBeforeStartAsync(OperationContext context, LockedSession session, MigrationScript script, HistoryEntry row)
    {
        var refusal = new Diagnostic(
            DiagnosticCatalog.SupabaseHistoryRowRefused,
            SourceLocation.StartOf(script.FilePath),
            $"{row.MigrationId} runs outside a transaction, and this role may not {SupabaseHistoryKeeper.PrivilegeFor(row.Operation)} rows of {SupabaseHistoryTable.DisplayName}, so its statements could not be undone should the Supabase row be refused afterwards: nothing of it ran. "
            + $"Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and {SupabaseHistoryKeeper.PrivilegeFor(row.Operation)} on the table, or run with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.");
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
                (refusal, position) => position == 0 ? RowRefused(session, row, refusal) : SupabaseRowRefused(context, script, row, refusal),
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

    /// <summary>MIG1063: the Supabase history refused the row; the migration (or its rollback) was rolled back with it.</summary>
    private static SupabaseHistoryRowException SupabaseRowRefused(OperationContext context, MigrationScript script, HistoryEntry row, Npgsql.PostgresException exception)
    {
        var rollback = row.Operation == MigrationOperation.Rollback;
        var what = rollback
            ? $"The rollback of {row.MigrationId} ran, but {SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} refused to delete its row ({exception.MessageText}, SQLSTATE {exception.SqlState}), so the rollback was undone with it: the migration is still applied and both histories still list it."
            : $"{row.MigrationId} ran, but {SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} refused its row ({exception.MessageText}, SQLSTATE {exception.SqlState}), so the migration was rolled back with it: nothing of it is applied and neither history lists it.";
        var fix = $" Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and {SupabaseHistoryKeeper.PrivilegeFor(row.Operation)} on the table (and check its triggers and policies), or run with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")}.";
        return new SupabaseHistoryRowException(new Diagnostic(DiagnosticCatalog.SupabaseHistoryRowRefused, SourceLocation.StartOf(script.FilePath), what + fix), exception);
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
