using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Database;

/// <summary>How operations and statuses are spelled in the history table (stable text, readable in plain SQL).</summary>
internal static class HistoryText
{
    public static string Format(MigrationOperation operation) => operation switch
    {
        MigrationOperation.Deploy => "deploy",
        MigrationOperation.Rollback => "rollback",
        MigrationOperation.Test => "test",
        MigrationOperation.Resolve => "resolve",
        MigrationOperation.Baseline => "baseline",
        // Reading status changes nothing, so it never writes a row.
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an operation history records"),
    };

    public static string Format(HistoryStatus status) => status switch
    {
        HistoryStatus.Succeeded => "succeeded",
        HistoryStatus.Failed => "failed",
        HistoryStatus.Partial => "partial",
        HistoryStatus.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static MigrationOperation ParseOperation(string text) => text switch
    {
        "deploy" => MigrationOperation.Deploy,
        "rollback" => MigrationOperation.Rollback,
        "test" => MigrationOperation.Test,
        "resolve" => MigrationOperation.Resolve,
        "baseline" => MigrationOperation.Baseline,
        _ => throw new HistoryLayoutException($"Unknown operation '{text}' in the history table; it was written by a newer Migrations.Build."),
    };

    public static HistoryStatus ParseStatus(string text) => text switch
    {
        "succeeded" => HistoryStatus.Succeeded,
        "failed" => HistoryStatus.Failed,
        "partial" => HistoryStatus.Partial,
        "rolled_back" => HistoryStatus.RolledBack,
        _ => throw new HistoryLayoutException($"Unknown status '{text}' in the history table; it was written by a newer Migrations.Build."),
    };
}
