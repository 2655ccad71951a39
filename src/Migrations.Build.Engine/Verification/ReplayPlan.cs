using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// The chain the Local replay walks: every migration in version order, each proven — or, with <c>-p:Migration</c>,
/// its predecessors applied and it alone proven. Irreversible migrations are applied, never proven.
/// </summary>
internal static class ReplayPlan
{
    /// <summary>The steps, or null after reporting why there are none (an unknown or irreversible named migration).</summary>
    public static IReadOnlyList<ReplayStep>? Build(IReadOnlyList<MigrationPair> pairs, string? selector, IOperationLog log)
    {
        var ordered = pairs.OrderBy(pair => pair.Version, StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return ordered.Select(pair => new ReplayStep(pair, pair.IsIrreversible ? ReplayRole.Irreversible : ReplayRole.Prove)).ToList();
        }

        var ledger = MigrationLedger.Build(ordered, []);
        var chosen = MigrationSelector.Find(ledger, selector)?.Pair;
        if (chosen is null)
        {
            log.Report(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration on disk matches Migration='{selector}' ({MigrationSelector.DescribeChoices(ledger)})."));
            return null;
        }

        if (chosen.IsIrreversible)
        {
            log.Report(new Diagnostic(
                DiagnosticCatalog.IrreversibleMigration,
                SourceLocation.StartOf(chosen.Rollback?.Path ?? chosen.Forward.Path),
                $"Migration {chosen.Id} is marked -- migrations:irreversible, so there is no rollback for TestMigration to prove."));
            return null;
        }

        return ordered
            .TakeWhile(pair => pair.Id != chosen.Id)
            .Select(pair => new ReplayStep(pair, ReplayRole.Precede))
            .Append(new ReplayStep(chosen, ReplayRole.Prove))
            .ToList();
    }
}
