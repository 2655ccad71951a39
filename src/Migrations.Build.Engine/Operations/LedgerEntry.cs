using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// One migration as a database knows it: its pair on disk (when there is one), its state, and the history rows
/// that decided it.
/// </summary>
internal sealed record LedgerEntry(
    string Version,
    string Name,
    MigrationPair? Pair,
    MigrationState State,
    HistoryEntry? LastChange,
    HistoryEntry? LastApplication)
{
    public string Id => Version + "_" + Name;

    /// <summary>The rollback text to run: the one recorded when the migration was applied, when there is one.</summary>
    public string? RecordedRollbackSql => LastApplication?.RollbackSql;

    /// <summary>The rollback on disk differs from the one recorded at deploy time (a fix, or an accident).</summary>
    public bool RollbackChangedOnDisk =>
        LastApplication?.RollbackChecksum is { } recorded && Pair?.Rollback?.Checksum is { } onDisk && recorded != onDisk;
}
