namespace Migrations.Build.Engine.Database;

/// <summary>The outcome a history row records. Stored as lower-case snake case text.</summary>
public enum HistoryStatus
{
    Succeeded,
    Failed,
    Partial,
    RolledBack,
}
