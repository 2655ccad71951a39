using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Sql;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Decides what RollbackMigration runs. By default the newest migration in the database; another one only with
/// <c>MigrationsAllowOutOfOrderRollback</c> (MIG1013). It runs the rollback text recorded at deploy time, because
/// that is the one written for the schema that was actually applied; a different file on disk is reported
/// (MIG1014) and used only when asked.
/// </summary>
internal static class RollbackPlanner
{
    public static RollbackPlan Plan(MigrationLedger ledger, string environment, string? selector, bool allowOutOfOrder, bool useRollbackFromDisk)
    {
        var diagnostics = new List<Diagnostic>();
        var inDatabase = ledger.InDatabase.ToList();
        var newest = inDatabase.LastOrDefault();
        LedgerEntry target;
        if (string.IsNullOrWhiteSpace(selector))
        {
            if (newest is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.MigrationNotApplied, SourceLocation.None, $"No migration is applied on {environment}, so there is nothing to roll back."));
                return new RollbackPlan(null, null, null, diagnostics);
            }

            target = newest;
        }
        else
        {
            var chosen = MigrationSelector.Find(ledger, selector);
            if (chosen is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration matches Migration='{selector}' on disk or in the history of {environment} ({MigrationSelector.DescribeChoices(ledger)})."));
                return new RollbackPlan(null, null, null, diagnostics);
            }

            if (!MigrationStateText.IsInDatabase(chosen.State))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.MigrationNotApplied, Locate(chosen), $"Migration {chosen.Id} is {MigrationStateText.Format(chosen.State)} on {environment}, not applied, so there is nothing to roll back."));
                return new RollbackPlan(null, null, null, diagnostics);
            }

            target = chosen;
            if (newest is not null && newest.Id != chosen.Id && !allowOutOfOrder)
            {
                var later = inDatabase.Where(entry => string.CompareOrdinal(entry.Version, chosen.Version) > 0).Select(entry => entry.Id);
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.OutOfOrderRollback,
                    Locate(chosen),
                    $"Migration {chosen.Id} is not the latest applied on {environment}; {string.Join(", ", later)} came after it and may depend on it. Roll those back first, or pass {PropertySwitch(AllowOutOfOrderRollbackProperty, "true")} if you are sure they do not."));
            }
        }

        var onDisk = target.Pair?.Rollback;
        if (target.RollbackChangedOnDisk)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.RollbackChangedSinceDeploy,
                SourceLocation.StartOf(onDisk!.Path),
                useRollbackFromDisk
                    ? $"The rollback of {target.Id} on disk (checksum {onDisk.Checksum}) differs from the one recorded when it was deployed (checksum {target.LastApplication!.RollbackChecksum}); running the file on disk, as {UseRollbackFromDiskProperty} asks."
                    : $"The rollback of {target.Id} on disk (checksum {onDisk.Checksum}) differs from the one recorded when it was deployed (checksum {target.LastApplication!.RollbackChecksum}); running the recorded one. Pass {PropertySwitch(UseRollbackFromDiskProperty, "true")} to run the file instead."));
        }

        var recorded = target.RecordedRollbackSql;
        var (text, path) = recorded is not null && !useRollbackFromDisk
            ? (recorded, onDisk?.Path ?? target.Pair?.Forward.Path ?? target.Id + "_rollback.sql")
            : (onDisk?.Content?.Text, onDisk?.Path);
        if (text is null || path is null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.UnknownMigration, Locate(target), $"Migration {target.Id} has no rollback recorded in the history of {environment} and none readable on disk; restore its rollback file to roll it back."));
            return new RollbackPlan(target, null, null, diagnostics);
        }

        if (IsIrreversibleText(text))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.IrreversibleMigration,
                onDisk is null ? Locate(target) : SourceLocation.StartOf(onDisk.Path),
                $"Migration {target.Id} is marked -- migrations:irreversible, so it has no rollback to run; restore from a backup, or write a new forward migration that undoes it."));
            return new RollbackPlan(target, null, null, diagnostics);
        }

        return new RollbackPlan(target, text, path, diagnostics);
    }

    private static bool IsIrreversibleText(string text) => SqlScript.Parse(text).HasFileDirective(SqlDirectiveKind.Irreversible);

    private static SourceLocation Locate(LedgerEntry entry) =>
        entry.Pair is null ? SourceLocation.None : SourceLocation.StartOf(entry.Pair.Forward.Path);
}
