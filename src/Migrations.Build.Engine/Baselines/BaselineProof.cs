using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// The proof a baseline rests on: the live schema equals what the chosen migrations' forward files build, replayed in
/// order on a fresh throwaway database. An adapter over the drift check's <see cref="LiveSchemaComparison"/>, which
/// replays texts and compares schemas; a baseline hands it the files on disk (not recorded texts), run as the live
/// session's own user, since no row yet says who ran them.
/// </summary>
internal static class BaselineProof
{
    /// <summary>The throwaway databases a baseline replays on; the prefix keeps leftovers on a shared server attributable.</summary>
    public const string DatabasePrefix = "migrations_baseline";

    /// <returns>The differences (empty when the proof holds), or null after reporting why the proof could not run.</returns>
    public static async Task<IReadOnlyList<SchemaDifference>?> CompareAsync(
        IReadOnlyList<MigrationPair> chain,
        OperationContext live,
        LiveSchemaComparisonSettings settings,
        CancellationToken cancellationToken)
    {
        var migrations = chain.Select(pair => new ReplayedMigration(pair.Version, pair.Name, pair.Forward.Content!.Text)).ToList();
        var baseline = settings with { DatabasePrefix = DatabasePrefix, DescribeFailedForward = failed => FailedFile(chain, live.EnvironmentName, failed) };
        var result = await LiveSchemaComparison.CompareAsync(migrations, live, baseline, live.Log, cancellationToken).ConfigureAwait(false);
        return result?.Differences;
    }

    /// <summary>
    /// The drift check words a failing forward as recorded history that cannot be replayed (MIG1041); for a baseline it
    /// is the file on disk that fails: MIG1053 at the file and the line the server named, with a baseline's advice.
    /// </summary>
    private static Diagnostic? FailedFile(IReadOnlyList<MigrationPair> chain, string environment, FailedReplay failed) =>
        chain.FirstOrDefault(pair => pair.Id == failed.MigrationId) is not { } pair
            ? null
            : new Diagnostic(
                DiagnosticCatalog.BaselineProofFailed,
                new SourceLocation(pair.Forward.Path, failed.Line, failed.Column),
                $"The baseline of {environment} at {chain[^1].Id} cannot be proven: {pair.Id} fails on a fresh throwaway database: {failed.Error}. "
                + "If it relies on roles, schemas or extensions the platform provides, put them in MigrationsLocalBootstrap (or 'supabase' on Supabase); otherwise the files do not build this database's schema as they are.");
}
