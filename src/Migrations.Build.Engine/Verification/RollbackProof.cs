using System.Diagnostics;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// Proves on a real database that a migration's rollback restores the schema: snapshot S0 → apply → S1 → roll back
/// → S2 must equal S0 → apply again → S3 must equal S1 (for an applied migration: roll back → apply, and the end
/// must equal the start). Unlike a check that nothing errored, the catalogs are compared object by object.
/// When neither file needs to run outside a transaction and the forward adds no enum value, the whole proof runs in
/// one transaction owned by the caller, so a failed proof leaves the database exactly as it was; otherwise each file
/// commits on its own (see <see cref="ProofTransactions"/>). What the differences mean, and which ones the project
/// accepts, is <see cref="RollbackRefutation"/>'s to say.
/// </summary>
internal sealed class RollbackProof(ExecutionSettings execution, SnapshotOptions snapshots, RefutationOptions? refutationOptions = null)
{
    private readonly RollbackRefutation refutation = new(refutationOptions ?? RefutationOptions.Strict);

    /// <summary>What the log says when a pair is proven file by file because its forward adds an enum value.</summary>
    public const string SeparateForEnumValueNote =
        "proved in separate transactions because the forward adds an enum value, which PostgreSQL only lets a later transaction use";

    /// <summary>The step name of the first apply: a failure there means the forward itself does not run.</summary>
    public const string ApplyStep = "apply";

    public static ProofTransactions ChooseTransactions(MigrationPair pair)
    {
        var forward = new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text);
        var rollback = new MigrationScript(pair.Rollback!.Path, pair.Rollback.Content!.Text);
        if (forward.RunsOutsideTransaction || rollback.RunsOutsideTransaction)
        {
            return ProofTransactions.SeparateForNoTransactionFile;
        }

        return EnumValueAddition.IsIn(forward) ? ProofTransactions.SeparateForEnumValue : ProofTransactions.One;
    }

    public static bool FitsInOneTransaction(MigrationPair pair) => ChooseTransactions(pair) == ProofTransactions.One;

    /// <summary>
    /// Runs the proof; <paramref name="transaction"/> is null when the files must not share one, and then each file
    /// commits on its own: in a transaction of its own, or statement by statement when marked no-transaction.
    /// </summary>
    /// <param name="knownStart">
    /// The schema as the previous proof in the same database left it, when nothing ran since: reading it again would
    /// cost a quarter of the proof.
    /// </param>
    public async Task<ProofOutcome> RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MigrationPair pair, bool alreadyApplied, CancellationToken cancellationToken, SchemaSnapshot? knownStart = null)
    {
        var clock = Stopwatch.StartNew();
        var forward = new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text);
        var rollback = new MigrationScript(pair.Rollback!.Path, pair.Rollback.Content!.Text);

        async Task<SchemaSnapshot> Snapshot() => transaction is null
            ? await SchemaSnapshotReader.ReadAsync(connection, snapshots, cancellationToken).ConfigureAwait(false)
            : await SchemaSnapshotReader.ReadAsync(connection, transaction, snapshots, cancellationToken).ConfigureAwait(false);

        async Task<ExecutionOutcome> Run(MigrationScript script)
        {
            if (transaction is not null)
            {
                return await MigrationExecutor.RunWithinTransactionAsync(connection, transaction, script, execution, cancellationToken).ConfigureAwait(false);
            }

            return await MigrationExecutor.RunAsDeployedAsync(connection, script, execution, cancellationToken).ConfigureAwait(false);
        }

        // Differences the project accepts (MIG1027 / MIG1028 as warnings) do not stop the proof; they are reported with its outcome.
        var warnings = new List<Diagnostic>();
        var start = knownStart ?? await Snapshot().ConfigureAwait(false);
        if (alreadyApplied)
        {
            // The migration is in the database: prove that undoing and redoing it lands where we started.
            var undo = await Run(rollback).ConfigureAwait(false);
            if (!undo.Succeeded)
            {
                return ProofOutcome.Failure("roll back", clock.Elapsed, undo.FailureDiagnostic());
            }

            var redo = await Run(forward).ConfigureAwait(false);
            if (!redo.Succeeded)
            {
                return ProofOutcome.Failure("re-apply", clock.Elapsed, redo.FailureDiagnostic());
            }

            var end = await Snapshot().ConfigureAwait(false);
            var drift = SchemaDiff.Compare(start, end, "before", "after rolling back and re-applying");
            return Refuted(pair, pair.Rollback.Path, $"Rolling back and re-applying {pair.Id} did not return the schema to where it was", pair.Id, drift, warnings) is { } refuted
                ? ProofOutcome.Refutation("roll back and re-apply", clock.Elapsed, refuted)
                : ProofOutcome.Success(clock.Elapsed, end, warnings);
        }

        var applied = await Run(forward).ConfigureAwait(false);
        if (!applied.Succeeded)
        {
            return ProofOutcome.Failure(ApplyStep, clock.Elapsed, applied.FailureDiagnostic());
        }

        var afterApply = await Snapshot().ConfigureAwait(false);
        var rolledBack = await Run(rollback).ConfigureAwait(false);
        if (!rolledBack.Succeeded)
        {
            return ProofOutcome.Failure("roll back", clock.Elapsed, rolledBack.FailureDiagnostic());
        }

        var afterRollback = await Snapshot().ConfigureAwait(false);
        var leftovers = SchemaDiff.Compare(start, afterRollback, "before", "after rollback");
        if (Refuted(pair, pair.Rollback.Path, $"The rollback of {pair.Id} did not restore the schema", pair.Id, leftovers, warnings) is { } notRestored)
        {
            return ProofOutcome.Refutation("roll back", clock.Elapsed, notRestored);
        }

        var reapplied = await Run(forward).ConfigureAwait(false);
        if (!reapplied.Succeeded)
        {
            return ProofOutcome.Failure("re-apply", clock.Elapsed, reapplied.FailureDiagnostic());
        }

        var afterReapply = await Snapshot().ConfigureAwait(false);
        var drift2 = SchemaDiff.Compare(afterApply, afterReapply, "after the first apply", "after re-applying");
        return Refuted(pair, pair.Forward.Path, $"Re-applying {pair.Id} after its rollback did not produce the same schema as the first apply", pair.Id + "-reapply", drift2, warnings) is { } drifted
            ? ProofOutcome.Refutation("re-apply", clock.Elapsed, drifted)
            : ProofOutcome.Success(clock.Elapsed, afterReapply, warnings);
    }

    /// <summary>
    /// Null when the differences, if any, are all of kinds the project accepts (their warnings are added to
    /// <paramref name="warnings"/>); otherwise everything to report for the refuted proof, earlier warnings first.
    /// </summary>
    private Diagnostic[]? Refuted(MigrationPair pair, string path, string summary, string fileName, IReadOnlyList<SchemaDifference> differences, List<Diagnostic> warnings)
    {
        var fix = path == pair.Rollback!.Path
            ? "make the rollback undo exactly what the forward does"
            : "make the forward produce the same objects whatever ran before it (the rollback may have left something behind)";
        var diagnostics = refutation.Judge(path, summary, fix, fileName, differences);
        if (diagnostics.Any(diagnostic => diagnostic.IsError))
        {
            return [.. warnings, .. diagnostics];
        }

        warnings.AddRange(diagnostics);
        return null;
    }
}
