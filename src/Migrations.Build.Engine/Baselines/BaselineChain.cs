using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// Which migrations a baseline records as applied: every migration on disk up to and including the one named by
/// <c>-p:Migration</c>, in version order. This is the one place that chooses them, so another source of the applied
/// set (a platform's own migration history) can hand its chain to the same proof and the same rows.
/// </summary>
internal static class BaselineChain
{
    /// <returns>The chain, oldest first, ending at the named migration; null after reporting MIG1016 when it is not on disk.</returns>
    public static IReadOnlyList<MigrationPair>? UpTo(MigrationLedger ledger, IReadOnlyList<MigrationPair> pairs, string selector, IOperationLog log)
    {
        var chosen = MigrationSelector.Find(ledger, selector);
        if (chosen?.Pair is null)
        {
            log.Report(new Diagnostic(
                DiagnosticCatalog.UnknownMigration,
                SourceLocation.None,
                $"No migration on disk matches Migration='{selector}'; a baseline records the migrations on disk up to the one you name, so name it by file name, version_name or version ({MigrationSelector.DescribeChoices(ledger)})."));
            return null;
        }

        return pairs
            .Where(pair => string.CompareOrdinal(pair.Version, chosen.Version) <= 0)
            .OrderBy(pair => pair.Version, StringComparer.Ordinal)
            .ToList();
    }
}
