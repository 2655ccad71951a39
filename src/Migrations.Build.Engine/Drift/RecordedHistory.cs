using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// What a drift check replays: every migration the ledger says is in the database now, with the forward text recorded
/// when it was applied, run as the database user that applied it, in the order they were applied (history row order,
/// so an out-of-order deploy replays where it really ran). A migration that cannot be replayed faithfully is a problem,
/// never skipped: leaving it out would report its objects as drift, or hide drift behind a half-built replay.
/// </summary>
internal static class RecordedHistory
{
    /// <returns>The migrations to replay, or the reasons (one per migration) they cannot be.</returns>
    public static (IReadOnlyList<ReplayedMigration> Migrations, IReadOnlyList<string> Problems) Plan(MigrationLedger ledger, string environment)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var migrations = new List<(long Order, ReplayedMigration Migration)>();
        var problems = new List<string>();
        foreach (var entry in ledger.InDatabase)
        {
            var applied = entry.LastApplication;
            if (entry.State == MigrationState.Partial)
            {
                problems.Add($"{entry.Id} is partial on {environment} ({entry.LastChange?.StatementsDone} of {entry.LastChange?.StatementsTotal} statements applied), so no replay can say what its schema should be; "
                    + $"finish or undo it and record that with {PublicSurface.TargetName(MigrationOperation.Resolve)}, or roll it back, then check again.");
            }
            else if (applied?.ForwardSql is not { } forward)
            {
                problems.Add($"{entry.Id} is applied on {environment}, but its history row holds no forward text to replay; "
                    + "it was recorded by a tool that did not keep it, so this database cannot be checked for drift until it is rebuilt from migrations that are.");
            }
            else
            {
                migrations.Add((applied.Id, new ReplayedMigration(entry.Version, entry.Name, forward) { RanAs = applied.DatabaseUser }));
            }
        }

        return ([.. migrations.OrderBy(item => item.Order).Select(item => item.Migration)], problems);
    }
}
