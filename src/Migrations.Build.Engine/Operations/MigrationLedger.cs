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
        // A hash lookup per row and one ordinal sort at the end: a SortedDictionary keyed by string (and a value tuple,
        // which no precompiled image carries) cost ≈90 ms at 10,000 migrations, most of a no-op deploy's ledger.
        var byId = new Dictionary<string, Slot>(pairs.Count, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var id = pair.Id;
            byId[id] = new Slot(id) { Pair = pair };
        }

        foreach (var row in InIdOrder(history))
        {
            if (row.Operation == MigrationOperation.Test)
            {
                continue;
            }

            var id = row.MigrationId;
            if (!byId.TryGetValue(id, out var slot))
            {
                slot = new Slot(id);
                byId.Add(id, slot);
            }

            if (IsApplication(row))
            {
                slot.LastApplication = row;
            }

            if (ChangesState(row))
            {
                slot.LastChange = row;
            }
        }

        var slots = new List<Slot>(byId.Values);
        slots.Sort(static (left, right) => string.CompareOrdinal(left.Id, right.Id));
        var entries = new List<LedgerEntry>(slots.Count);
        foreach (var slot in slots)
        {
            var (pair, lastChange, lastApplication) = (slot.Pair, slot.LastChange, slot.LastApplication);
            var version = pair?.Version ?? lastChange?.Version ?? slot.Id[..14];
            var name = pair?.Name ?? lastChange?.Name ?? slot.Id[15..];
            entries.Add(new LedgerEntry(version, name, pair, StateOf(pair, lastChange, lastApplication), lastChange, lastApplication));
        }

        return new MigrationLedger(entries);
    }

    /// <summary>The rows oldest first; history is read in that order already, so a sort is rarely needed.</summary>
    private static IEnumerable<HistoryEntry> InIdOrder(IReadOnlyList<HistoryEntry> history)
    {
        for (var index = 1; index < history.Count; index++)
        {
            if (history[index - 1].Id > history[index].Id)
            {
                return history.OrderBy(row => row.Id);
            }
        }

        return history;
    }

    /// <summary>What the rows say about one migration so far.</summary>
    private sealed class Slot(string id)
    {
        public string Id { get; } = id;

        public MigrationPair? Pair { get; init; }

        public HistoryEntry? LastChange { get; set; }

        public HistoryEntry? LastApplication { get; set; }
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
