using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Joins the migrations on disk with one database's history into a state per migration. Only deploy, rollback,
/// resolve and baseline rows change state; test rows are evidence, not changes. A succeeded baseline row counts as an
/// application (the migration is applied, its recorded rollback is the one to run), though nothing of it ran through
/// the tool. All rows of the database count, whatever environment name wrote them, because the schema they describe
/// is the same.
/// </summary>
internal sealed class MigrationLedger
{
    private MigrationLedger(IReadOnlyList<LedgerEntry> entries) => Entries = entries;

    /// <summary>Every migration on disk or in history, in version order.</summary>
    public IReadOnlyList<LedgerEntry> Entries { get; }

    public IEnumerable<LedgerEntry> InDatabase => Entries.Where(entry => MigrationStateText.IsInDatabase(entry.State));

    public static MigrationLedger Build(IReadOnlyList<MigrationPair> pairs, IReadOnlyList<HistoryEntry> history)
    {
        var byId = new SortedDictionary<string, (MigrationPair? Pair, HistoryEntry? LastChange, HistoryEntry? LastApplication)>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            byId[pair.Id] = (pair, null, null);
        }

        foreach (var row in history.OrderBy(row => row.Id))
        {
            if (row.Operation == MigrationOperation.Test)
            {
                continue;
            }

            byId.TryGetValue(row.MigrationId, out var known);
            var application = IsApplication(row) ? row : known.LastApplication;
            byId[row.MigrationId] = (known.Pair, ChangesState(row) ? row : known.LastChange, application);
        }

        var entries = byId.Select(item =>
        {
            var (pair, lastChange, lastApplication) = item.Value;
            var version = pair?.Version ?? lastChange?.Version ?? item.Key[..14];
            var name = pair?.Name ?? lastChange?.Name ?? item.Key[15..];
            return new LedgerEntry(version, name, pair, StateOf(pair, lastChange, lastApplication), lastChange, lastApplication);
        }).ToList();
        return new MigrationLedger(entries);
    }

    /// <summary>
    /// A failed rollback rolled back with its transaction: the migration is still applied, so it changes nothing. A
    /// refused baseline recorded nothing as applied: it changes nothing either.
    /// </summary>
    private static bool ChangesState(HistoryEntry row) =>
        !((row.Operation is MigrationOperation.Rollback or MigrationOperation.Baseline) && row.Status == HistoryStatus.Failed);

    private static bool IsApplication(HistoryEntry row) =>
        (row.Operation == MigrationOperation.Deploy && row.Status is HistoryStatus.Succeeded or HistoryStatus.Partial)
        || ((row.Operation is MigrationOperation.Resolve or MigrationOperation.Baseline) && row.Status == HistoryStatus.Succeeded);

    private static MigrationState StateOf(MigrationPair? pair, HistoryEntry? lastChange, HistoryEntry? lastApplication)
    {
        if (lastChange is null)
        {
            return MigrationState.Pending;
        }

        var applied = (lastChange.Operation, lastChange.Status) switch
        {
            (MigrationOperation.Deploy, HistoryStatus.Succeeded) => true,
            (MigrationOperation.Resolve, HistoryStatus.Succeeded) => true,
            (MigrationOperation.Baseline, HistoryStatus.Succeeded) => true,
            (MigrationOperation.Deploy, HistoryStatus.Partial) => (bool?)null,
            (MigrationOperation.Rollback, HistoryStatus.Partial) => null,
            _ => false,
        };

        if (applied is null)
        {
            return MigrationState.Partial;
        }

        if (applied == false)
        {
            return lastChange.Operation == MigrationOperation.Deploy ? MigrationState.Failed : MigrationState.RolledBack;
        }

        if (pair is null)
        {
            return MigrationState.MissingFile;
        }

        var recorded = lastApplication?.ForwardChecksum;
        return recorded is not null && recorded != pair.Forward.Checksum ? MigrationState.Modified : MigrationState.Applied;
    }
}
