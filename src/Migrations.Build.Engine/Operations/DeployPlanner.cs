using Migrations.Build.Engine.Diagnostics;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Decides what DeployMigration applies. Refuses, before touching anything, when a partial migration is
/// unresolved (MIG1008), when an applied migration was edited (MIG1006), when the named migration does not exist
/// (MIG1016), and when applying would skip past pending earlier migrations (MIG1015) unless that is allowed.
/// </summary>
internal static class DeployPlanner
{
    public static DeployPlan Plan(MigrationLedger ledger, string environment, string? selector, bool allowOutOfOrder)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var partial in ledger.Entries.Where(entry => entry.State == MigrationState.Partial))
        {
            var row = partial.LastChange!;
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.PartialMigrationBlocks,
                Locate(partial),
                $"Migration {partial.Id} stopped part way on {environment} ({row.StatementsDone} of {row.StatementsTotal} statements applied); nothing more is deployed there until it is settled. Roll it back with {TargetSwitch(MigrationOperation.Rollback)} {PropertySwitch(MigrationProperty, partial.Id)}, or, after fixing the database by hand, record the outcome with {TargetSwitch(MigrationOperation.Resolve)} {PropertySwitch(MigrationProperty, partial.Id)} {PropertySwitch(ResolveAsProperty, "applied")} (or rolled_back)."));
        }

        foreach (var modified in ledger.Entries.Where(entry => entry.State == MigrationState.Modified))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.AppliedMigrationModified,
                Locate(modified),
                $"Migration {modified.Id} was applied on {environment} with checksum {modified.LastApplication!.ForwardChecksum}, but the file now has checksum {modified.Pair!.Forward.Checksum}; an applied migration must not change. Restore the file as it was applied (see its history row), and put the new change in a new migration."));
        }

        var deployable = ledger.Entries.Where(entry => entry.Pair is not null && MigrationStateText.IsDeployable(entry.State)).ToList();
        var applied = ledger.Entries.Where(entry => entry.State is MigrationState.Applied or MigrationState.Modified).ToList();
        // A migration applied from a file that is gone still ran: later ones were written against it.
        var newestApplied = ledger.Entries
            .Where(entry => entry.State is MigrationState.Applied or MigrationState.Modified or MigrationState.MissingFile)
            .Select(entry => entry.Version)
            .DefaultIfEmpty(string.Empty)
            .Max(StringComparer.Ordinal)!;
        List<LedgerEntry> toApply;
        if (string.IsNullOrWhiteSpace(selector))
        {
            toApply = deployable;
            ReportOlderThanApplied(toApply, newestApplied, environment, allowOutOfOrder, diagnostics);
        }
        else
        {
            var chosen = MigrationSelector.Find(ledger, selector);
            if (chosen?.Pair is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration on disk matches Migration='{selector}'; name it by file name, version_name or version ({MigrationSelector.DescribeChoices(ledger)})."));
                return new DeployPlan([], applied, diagnostics);
            }

            toApply = MigrationStateText.IsDeployable(chosen.State) ? [chosen] : [];
            ReportOlderThanApplied(toApply, newestApplied, environment, allowOutOfOrder, diagnostics);
            var earlier = deployable.Where(entry => string.CompareOrdinal(entry.Version, chosen.Version) < 0).ToList();
            if (toApply.Count > 0 && earlier.Count > 0 && !allowOutOfOrder)
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.OutOfOrderDeploy,
                    Locate(chosen),
                    $"Migration {chosen.Id} comes after {Describe(earlier)} not yet applied on {environment}; deploy {(earlier.Count == 1 ? "it" : "them")} first (omit -p:{MigrationProperty} to deploy everything pending in order), or pass {PropertySwitch(AllowOutOfOrderProperty, "true")}."));
            }
        }

        return new DeployPlan(toApply, applied, diagnostics);
    }

    /// <summary>MIG1015 for migrations older than one already applied, whether named or found pending.</summary>
    private static void ReportOlderThanApplied(List<LedgerEntry> toApply, string newestApplied, string environment, bool allowOutOfOrder, List<Diagnostic> diagnostics)
    {
        var behind = toApply.Where(entry => string.CompareOrdinal(entry.Version, newestApplied) < 0).ToList();
        if (behind.Count > 0 && !allowOutOfOrder)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.OutOfOrderDeploy,
                Locate(behind[0]),
                $"{Describe(behind)} older than {newestApplied}, which is already applied on {environment}; applying {(behind.Count == 1 ? "it" : "them")} now would run migrations out of order. If that is intended (a branch merged late), pass {PropertySwitch(AllowOutOfOrderProperty, "true")}; otherwise give {(behind.Count == 1 ? "it" : "them")} a newer timestamp."));
        }
    }

    private static string Describe(List<LedgerEntry> entries) =>
        entries.Count == 1 ? $"{entries[0].Id} is" : $"{string.Join(", ", entries.Select(entry => entry.Id))} are";

    private static SourceLocation Locate(LedgerEntry entry) =>
        entry.Pair is null ? SourceLocation.None : SourceLocation.StartOf(entry.Pair.Forward.Path);
}
