using Migrations.Build.Engine.Baselines;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Operations;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// BaselineMigration: adopts a database that already has its schema (built by hand, by another tool, restored from a
/// dump) by recording every migration up to <c>-p:Migration</c> as applied, once the live schema is proven to be what
/// those migrations build (<c>-p:MigrationsBaselineUnverified=true</c> skips the proof, on the record). It writes
/// history, so it picks its environment as RollbackMigration does (Production only when confirmed) and passes the
/// same confirmation gate.
/// </summary>
public static class BaselineCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Baseline, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        var raw = sequence.Raw;
        var migration = sequence.Settings.Migration;
        var from = (raw.BaselineFrom ?? string.Empty).Trim();
        var fromSupabase = from.Equals("supabase", StringComparison.OrdinalIgnoreCase);
        if (from.Length > 0 && !fromSupabase)
        {
            sequence.Settings.Invalid($"{BaselineFromProperty}='{from}' is not a source {TargetName(MigrationOperation.Baseline)} knows: leave it empty to record every migration up to -p:{MigrationProperty}, or set it to supabase to record the versions supabase_migrations.schema_migrations lists.");
            return false;
        }

        if (migration is null && !fromSupabase)
        {
            sequence.Settings.Invalid($"{TargetName(MigrationOperation.Baseline)} needs the newest migration the database already holds: -p:{MigrationProperty}=<version_name>; every migration up to it is recorded as applied.");
            return false;
        }

        if (sequence.ValidateAndResolveOne() is not var (pairs, environment) || !TryProofSettings(sequence, out var proof))
        {
            return false;
        }

        // A confirmation hint repeats the whole command, or the pasted command would lose the reason or the override.
        (string, string?)[] arguments = [(ResolveReasonProperty, raw.ResolveReason), (BaselineUnverifiedProperty, raw.BaselineUnverified ? "true" : null), (BaselineFromProperty, fromSupabase ? "supabase" : null)];
        if (await sequence.ConnectWithContextAsync(environment, arguments).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        var request = new BaselineRequest(migration, raw.ResolveReason, proof, sequence.Settings.Refutation()?.DifferencesDirectory, fromSupabase);
        return await sequence.GuardAsync(target, async () =>
        {
            var outcome = await BaselineOperation.RunAsync(context, pairs, request, sequence.CancellationToken).ConfigureAwait(false);
            sequence.Summary.AddOutcome(outcome, raw.BaselineUnverified ? "baselined (unverified)" : "baselined");
            return outcome.Succeeded;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// How the proof replays the migrations: on a throwaway Local server found as TestMigration finds one, after
    /// MigrationsLocalBootstrap, leaving out what the drift check leaves out (MigrationsDriftExcludedSchemas: on
    /// Supabase the platform's schemas). Null when MigrationsBaselineUnverified skips the proof; false after reporting
    /// an unusable bootstrap.
    /// </summary>
    private static bool TryProofSettings(OperationSequence sequence, out LiveSchemaComparisonSettings? proof)
    {
        proof = sequence.Raw.BaselineUnverified ? null : DriftCheck.ComparisonSettings(sequence);
        return sequence.Raw.BaselineUnverified || proof is not null;
    }
}
