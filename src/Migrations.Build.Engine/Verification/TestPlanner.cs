using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// Which migrations TestMigration proves on a real environment: the one named (applied or pending), or every
/// pending one in order. Refuses a named migration while earlier ones are pending there (MIG1015), an irreversible
/// one (MIG1017), and anything while a migration is partial (MIG1008) or edited after it was applied (MIG1006).
/// </summary>
internal static class TestPlanner
{
    public static IReadOnlyList<LedgerEntry>? Plan(MigrationLedger ledger, string environment, string? selector, IOperationLog log)
    {
        // The same preconditions as a deploy: a partial or modified migration makes any proof meaningless.
        var blockers = DeployPlanner.Plan(ledger, environment, null, allowOutOfOrder: true).Diagnostics.Where(diagnostic => diagnostic.IsError).ToList();
        foreach (var blocker in blockers)
        {
            log.Report(blocker);
        }

        if (blockers.Count > 0)
        {
            return null;
        }

        var pending = ledger.Entries.Where(entry => entry.Pair is not null && MigrationStateText.IsDeployable(entry.State)).ToList();
        List<LedgerEntry> targets;
        if (string.IsNullOrWhiteSpace(selector))
        {
            targets = pending;
        }
        else
        {
            var chosen = MigrationSelector.Find(ledger, selector);
            if (chosen?.Pair is null)
            {
                log.Report(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration on disk matches Migration='{selector}' ({MigrationSelector.DescribeChoices(ledger)})."));
                return null;
            }

            var earlier = pending.Where(entry => string.CompareOrdinal(entry.Version, chosen.Version) < 0).Select(entry => entry.Id).ToList();
            if (earlier.Count > 0 && MigrationStateText.IsDeployable(chosen.State))
            {
                log.Report(new Diagnostic(
                    DiagnosticCatalog.OutOfOrderDeploy,
                    SourceLocation.StartOf(chosen.Pair.Forward.Path),
                    $"Migration {chosen.Id} cannot be tested on {environment} while earlier migrations are pending there ({string.Join(", ", earlier)}): it was written to run after them. Test them first, in order (omit -p:{MigrationProperty} to test everything pending)."));
                return null;
            }

            targets = [chosen];
        }

        foreach (var target in targets.Where(target => target.Pair!.IsIrreversible))
        {
            log.Report(new Diagnostic(
                DiagnosticCatalog.IrreversibleMigration,
                SourceLocation.StartOf(target.Pair!.Rollback?.Path ?? target.Pair.Forward.Path),
                $"Migration {target.Id} is marked -- migrations:irreversible, so there is no rollback for {TargetName(MigrationOperation.Test)} to prove; deploy it without the staging evidence only with {PropertySwitch(SkipStagingCheckProperty, "true")}, after reviewing it by hand."));
            return null;
        }

        return targets;
    }
}
