using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Engine.Operations;

/// <summary>Everything a database operation needs to know about where and how it runs.</summary>
internal sealed record OperationContext(
    string EnvironmentName,
    string ConnectionString,
    HistoryLocation History,
    ExecutionSettings Execution,
    TimeSpan LockWait,
    IOperationLog Log)
{
    /// <summary>Written into every history row, so a row says which release of the tool wrote it.</summary>
    public string ToolVersion { get; init; } = CurrentToolVersion;

    /// <summary>This release of the tool, as <see cref="ToolVersion"/> says it by default.</summary>
    public static string CurrentToolVersion { get; } = typeof(OperationContext).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    public string ClientHost { get; init; } = System.Environment.MachineName;

    /// <summary>
    /// Leaves the connection string out of the record's generated ToString: it carries the password, and a record
    /// printed in a log line or an assertion message must not.
    /// </summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"EnvironmentName = {EnvironmentName}, History = {History}, Execution = {Execution}, LockWait = {LockWait}");
        return true;
    }

    /// <summary>TestMigration's accepted kinds of difference (MIG1027 / MIG1028) and where it writes their full list.</summary>
    public RefutationOptions Refutation { get; init; } = RefutationOptions.Strict;

    /// <summary>Overrides in effect (e.g. a skipped staging check), recorded in the history rows this operation writes.</summary>
    public string? Notes { get; init; }

    /// <summary>How to back the database up before changing it (an environment with Backup="true"); null takes no backup.</summary>
    public Backups.BackupSettings? Backup { get; init; }

    /// <summary>
    /// A connection already being opened for this operation while the build validated the migrations; taken by the
    /// first <see cref="OperationConnection.OpenAsync(OperationContext, string, CancellationToken)"/> that asks for
    /// exactly its connection string.
    /// </summary>
    public ConnectionPrefetch? Prefetch { get; init; }

    /// <summary>The backup taken before this operation, recorded in the history rows it writes.</summary>
    public string? BackupPath { get; init; }

    /// <summary>The rollback runbook a deploy to an environment with a ConfirmVariable writes; null writes none.</summary>
    public Runbooks.RunbookSettings? Runbook { get; init; }

    /// <summary>The data-loss guard (MIG1011) for a deploy or rollback on a production-like environment; null when unguarded.</summary>
    public DataLossPolicy? DataLoss { get; init; }

    /// <summary><c>MigrationsSupabaseHistory</c>: keep <c>supabase_migrations.schema_migrations</c> in step with this deploy or rollback.</summary>
    public bool KeepSupabaseHistory { get; init; }
}
