using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// BaselineMigration: adopts a database whose schema was built without Migrations.Build. Under the migration lock it
/// refuses a history that already records applied migrations, chooses the migrations up to the named one, proves the
/// live schema is exactly what their forward files build, and only then records each as applied (operation
/// <c>baseline</c>, both checksums and texts, who and why) in one transaction, so either all rows or none exist. No
/// migration SQL runs on the live database.
/// </summary>
internal static class BaselineOperation
{
    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, BaselineRequest request, CancellationToken cancellationToken)
    {
        await using var session = await LockedSession.OpenAsync(context, "baseline", cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return Refused();
        }

        var ledger = MigrationLedger.Build(pairs, await session.History.ReadAllWithoutScriptsAsync(session.Connection, cancellationToken).ConfigureAwait(false));
        // The one place the applied set is chosen: the files up to -p:Migration, or what the Supabase CLI's history lists.
        if (RefuseAppliedHistory(ledger, context)
            || (request.FromSupabase
                ? await SupabaseBaselineChain.ReadAsync(session.Connection, ledger, pairs, request.Selector, context, cancellationToken).ConfigureAwait(false)
                : BaselineChain.UpTo(ledger, pairs, request.Selector!, context.Log)) is not { } chain)
        {
            return Refused();
        }

        var baseline = chain[^1];
        var startedAt = DateTimeOffset.UtcNow;
        var who = $"{System.Environment.UserName}@{context.ClientHost}";
        var why = string.IsNullOrWhiteSpace(request.Reason) ? string.Empty : ": " + request.Reason.Trim();
        context.Log.Important($"Baselining {context.EnvironmentName} at {baseline.Id}: {chain.Count} migration(s) up to it are to be recorded as applied without running them"
            + (request.Unverified ? "." : ", once the live schema is proven to be what they build."));

        string proofNote;
        if (request.Proof is null)
        {
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.BaselineUnverified,
                SourceLocation.None,
                $"The baseline of {context.EnvironmentName} at {baseline.Id} is NOT verified ({BaselineUnverifiedProperty}=true): the live schema was not compared with what the {chain.Count} migration(s) build, so they are recorded as applied on your word; the rows' notes say so. Run {TargetSwitch(MigrationOperation.Baseline)} without it to have the schema proven."));
            proofNote = $"UNVERIFIED ({BaselineUnverifiedProperty}=true): the live schema was not compared with the migrations";
        }
        else
        {
            if (await ProveAsync(context, session, chain, request, cancellationToken).ConfigureAwait(false) is { } refusal)
            {
                return await RecordRefusalAsync(context, session, Row(baseline, context, startedAt, HistoryStatus.Failed, $"baselined by {who}{why}"), refusal).ConfigureAwait(false);
            }

            proofNote = $"proven: the live schema equals the replay of the {chain.Count} migration(s) up to {baseline.Id}";
        }

        var notes = $"baselined by {who}{why}; {proofNote}" + (context.Notes is null ? string.Empty : "; " + context.Notes);
        if (await WriteRowsAsync(session, chain.Select(pair => Row(pair, context, startedAt, HistoryStatus.Succeeded, notes)), context, cancellationToken).ConfigureAwait(false) is { } lost)
        {
            return await RecordRefusalAsync(context, session, Row(baseline, context, startedAt, HistoryStatus.Failed, notes), lost).ConfigureAwait(false);
        }

        context.Log.Important($"Recorded {chain.Count} migration(s) up to {baseline.Id} as applied on {context.EnvironmentName} (baselined by {who}, {(request.Unverified ? "NOT verified" : "schema proven")}); {TargetName(MigrationOperation.Deploy)} now applies only what comes after it.");
        return new OperationOutcome(true, chain.Select(pair => pair.Id).ToList(), [], []);
    }

    /// <summary>
    /// Records the refused attempt on a connection of its own (the session's may be the one that was lost), without the
    /// texts: it applied nothing, and the ledger ignores it.
    /// </summary>
    private static async Task<OperationOutcome> RecordRefusalAsync(OperationContext context, LockedSession session, HistoryEntry attempt, string reason)
    {
        var recorded = await FailureRecorder.AppendAsync(context, session.History, attempt with { ForwardSql = null, RollbackSql = null, Error = reason }).ConfigureAwait(false);
        context.Log.Important($"Baseline of {context.EnvironmentName} at {attempt.MigrationId} refused: {reason}; nothing is recorded as applied. {recorded}");
        return Refused(attempt.MigrationId);
    }

    /// <summary>
    /// MIG1051 when history already records a migration as applied or partial: a baseline adopts a database the tool
    /// has not deployed to; recording rows beside deployed ones would claim migrations ran that may never have.
    /// </summary>
    private static bool RefuseAppliedHistory(MigrationLedger ledger, OperationContext context)
    {
        var inDatabase = ledger.InDatabase.ToList();
        if (inDatabase.Count == 0)
        {
            return false;
        }

        var named = string.Join(", ", inDatabase.Take(5).Select(entry => $"{entry.Id} ({MigrationStateText.Format(entry.State)})")) + (inDatabase.Count > 5 ? $" and {inDatabase.Count - 5} more" : string.Empty);
        context.Log.Report(new Diagnostic(
            DiagnosticCatalog.BaselineHistoryNotEmpty,
            SourceLocation.None,
            $"The history of {context.EnvironmentName} ({context.History}) already records {inDatabase.Count} migration(s) in the database: {named}. A baseline only adopts a database whose history records no applied migration; deploy what is pending with {TargetSwitch(MigrationOperation.Deploy)} instead (see {TargetSwitch(MigrationOperation.Status)})."));
        return true;
    }

    /// <summary>Runs the proof; null when it holds, else why the baseline is refused (already reported as coded diagnostics).</summary>
    private static async Task<string?> ProveAsync(OperationContext context, LockedSession session, IReadOnlyList<MigrationPair> chain, BaselineRequest request, CancellationToken cancellationToken)
    {
        var baseline = chain[^1];
        try
        {
            var settings = request.Proof! with { ReplayLabel = $"in the files up to {baseline.Id}" };
            var differences = await BaselineProof.CompareAsync(chain, context, settings, cancellationToken).ConfigureAwait(false);
            if (differences is null)
            {
                return "the proof could not run (see the errors above)";
            }

            if (differences.Count == 0)
            {
                context.Log.Important($"Proved {context.EnvironmentName}'s schema equals the replay of the {chain.Count} migration(s) up to {baseline.Id}.");
                return null;
            }

            var (diagnostics, file) = BaselineDifferences.Describe(context.EnvironmentName, baseline.Id, differences, request.DifferencesDirectory);
            foreach (var diagnostic in diagnostics)
            {
                context.Log.Report(diagnostic);
            }

            context.Log.Important($"Name in -p:{MigrationProperty} the migration {context.EnvironmentName} really is at (one more or one fewer?), or make the database match; {PropertySwitch(BaselineUnverifiedProperty, "true")} records the baseline without this proof." + (file.Path is null ? string.Empty : $" Every difference: {file.Path}"));
            return $"the live schema differs from the migrations up to {baseline.Id} in {differences.Count} way(s), first: {DifferenceWeight.Order(differences)[0].Text}";
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && ConnectionLossDetector.IsLost(exception, session.Connection))
        {
            var reason = ConnectionLossDetector.Describe(exception);
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.BaselineProofFailed,
                SourceLocation.None,
                $"The connection was lost while proving the baseline of {context.EnvironmentName} at {baseline.Id} ({reason}); nothing is recorded as applied. Run {TargetSwitch(MigrationOperation.Baseline)} again once the server answers."));
            return "connection lost during the proof: " + reason;
        }
    }

    /// <summary>
    /// Every row in one transaction: a failure leaves none behind. A refusal by the server (permission denied) is
    /// thrown, for the caller's coded report; a lost connection is reported here (MIG1053) and returned as the reason.
    /// </summary>
    private static async Task<string?> WriteRowsAsync(LockedSession session, IEnumerable<HistoryEntry> rows, OperationContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(session.Connection, transaction);
            foreach (var row in rows)
            {
                batch.BatchCommands.Add(session.History.AppendCommand(row));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && ConnectionLossDetector.IsLost(exception, session.Connection))
        {
            var reason = ConnectionLossDetector.Describe(exception);
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.BaselineProofFailed,
                SourceLocation.None,
                $"The connection to {context.EnvironmentName} that holds the migration lock was lost ({reason}) before the baseline's rows committed. They are written in one transaction, so none of them exists unless the loss came after COMMIT reached the server; check {TargetSwitch(MigrationOperation.Status)} before running {TargetSwitch(MigrationOperation.Baseline)} again."));
            return "connection lost before the rows committed: " + reason;
        }
    }

    /// <summary>A baseline row: as a deploy records it (both checksums, both texts), with nothing run and who did it why in its notes.</summary>
    private static HistoryEntry Row(MigrationPair pair, OperationContext context, DateTimeOffset startedAt, HistoryStatus status, string notes) =>
        PairRow.For(pair, context, MigrationOperation.Baseline, status, startedAt) with { FinishedAt = DateTimeOffset.UtcNow, Notes = notes };

    private static OperationOutcome Refused(params string[] failed) => new(false, [], [], failed);
}
