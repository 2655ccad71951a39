namespace Migrations.Build.Engine.Database;

/// <summary>How operations and statuses are spelled in the history table (stable text, readable in plain SQL).</summary>
internal static class HistoryText
{
    public static string Format(HistoryOperation operation) => operation switch
    {
        HistoryOperation.Deploy => "deploy",
        HistoryOperation.Rollback => "rollback",
        HistoryOperation.Test => "test",
        HistoryOperation.Resolve => "resolve",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    public static string Format(HistoryStatus status) => status switch
    {
        HistoryStatus.Succeeded => "succeeded",
        HistoryStatus.Failed => "failed",
        HistoryStatus.Partial => "partial",
        HistoryStatus.RolledBack => "rolled_back",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static HistoryOperation ParseOperation(string text) => text switch
    {
        "deploy" => HistoryOperation.Deploy,
        "rollback" => HistoryOperation.Rollback,
        "test" => HistoryOperation.Test,
        "resolve" => HistoryOperation.Resolve,
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
