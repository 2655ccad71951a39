namespace Migrations.Build.Engine.Database;

/// <summary>What a history row records. Stored as lower-case text.</summary>
public enum HistoryOperation
{
    Deploy,
    Rollback,
    Test,
    Resolve,
}
