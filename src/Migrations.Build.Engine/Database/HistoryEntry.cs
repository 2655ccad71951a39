using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Database;

/// <summary>One row of history: an attempt to deploy, roll back, test or resolve one migration on one environment.</summary>
internal sealed record HistoryEntry
{
    public long Id { get; init; }

    public required string Version { get; init; }

    public required string Name { get; init; }

    public required MigrationOperation Operation { get; init; }

    public required string Environment { get; init; }

    public required HistoryStatus Status { get; init; }

    public string? ForwardChecksum { get; init; }

    public string? RollbackChecksum { get; init; }

    /// <summary>The forward text exactly as applied, so history shows what ran even after the file changes.</summary>
    public string? ForwardSql { get; init; }

    /// <summary>The rollback text as it was at deploy time; RollbackMigration runs this, not the file on disk.</summary>
    public string? RollbackSql { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public long? ExecutionMilliseconds { get; init; }

    public int StatementsDone { get; init; }

    public int StatementsTotal { get; init; }

    public string? DatabaseUser { get; init; }

    public string? ClientHost { get; init; }

    public string? ToolVersion { get; init; }

    public string? BackupPath { get; init; }

    public string? Error { get; init; }

    /// <summary>Why an override was used or a partial migration was resolved, and by whom.</summary>
    public string? Notes { get; init; }

    /// <summary>
    /// On a <c>test</c> row: the exit code of MigrationsStagingTestCommand, run after this proof; null when no
    /// application tests ran (none configured, or the run ended before them).
    /// </summary>
    public int? AppTestsExitCode { get; init; }

    /// <summary>On a <c>test</c> row: how long the application tests ran, in milliseconds.</summary>
    public long? AppTestsMilliseconds { get; init; }

    public string MigrationId => Version + "_" + Name;
}
