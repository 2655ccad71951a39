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
        var log = new BaselineReplayLog(live.Log, chain, live.EnvironmentName, chain[^1].Id);
        var result = await LiveSchemaComparison.CompareAsync(migrations, live, settings with { DatabasePrefix = DatabasePrefix }, log, cancellationToken).ConfigureAwait(false);
        return result?.Differences;
    }
}
