using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine;

/// <summary>
/// The names users type — targets and properties — in one place, so every message that says what to do next
/// names the public surface (contract §2–§3) the same way, and a rename is one edit.
/// </summary>
public static class PublicSurface
{
    public const string MigrationProperty = "Migration";
    public const string EnvironmentProperty = "MigrationsEnvironment";
    public const string LockWaitProperty = "MigrationsLockWait";
    public const string HistorySchemaProperty = "MigrationsHistorySchema";
    public const string HistoryTableProperty = "MigrationsHistoryTable";
    public const string LockTimeoutProperty = "MigrationsLockTimeout";
    public const string StatementTimeoutProperty = "MigrationsStatementTimeout";
    public const string StatusFormatProperty = "MigrationsStatusFormat";
    public const string AllowOutOfOrderProperty = "MigrationsAllowOutOfOrder";
    public const string AllowOutOfOrderRollbackProperty = "MigrationsAllowOutOfOrderRollback";
    public const string UseRollbackFromDiskProperty = "MigrationsUseRollbackFromDisk";
    public const string SkipStagingCheckProperty = "MigrationsSkipStagingCheck";
    public const string DeploymentWindowProperty = "MigrationsDeploymentWindow";
    public const string IgnoreWindowProperty = "MigrationsIgnoreWindow";
    public const string AllowDataLossProperty = "MigrationsAllowDataLoss";
    public const string IgnoreColumnOrderProperty = "MigrationsIgnoreColumnOrder";
    public const string IgnoreWhitespaceProperty = "MigrationsIgnoreWhitespace";
    public const string StopOnFirstFailureProperty = "MigrationsStopOnFirstFailure";
    public const string LocalBinDirectoryProperty = "MigrationsLocalBinDirectory";
    public const string LocalImageProperty = "MigrationsLocalImage";
    public const string ResolveAsProperty = "As";
    public const string ResolveReasonProperty = "Reason";

    /// <summary>BaselineMigration's override: record the baseline without proving the live schema equals the replay.</summary>
    public const string BaselineUnverifiedProperty = "MigrationsBaselineUnverified";
    public const string BaselineFromProperty = "MigrationsBaselineFrom";
    public const string BackupCommandProperty = "MigrationsBackupCommand";
    public const string BackupDirectoryProperty = "MigrationsBackupDirectory";
    public const string StagingTestCommandProperty = "MigrationsStagingTestCommand";
    public const string StagingTestUrlVariableProperty = "MigrationsStagingTestUrlVariable";
    public const string RunbookDirectoryProperty = "MigrationsRunbookDirectory";
    public const string HealthCheckCommandProperty = "MigrationsHealthCheckCommand";
    public const string RollbackOnFailedHealthCheckProperty = "MigrationsRollbackOnFailedHealthCheck";
    public const string DriftFormatProperty = "MigrationsDriftFormat";
    public const string DriftExcludedSchemasProperty = "MigrationsDriftExcludedSchemas";
    public const string SkipDriftCheckProperty = "MigrationsSkipDriftCheck";

    /// <summary>The <c>MigrationEnvironment</c> metadata that makes DeployMigration and RollbackMigration check drift first.</summary>
    public const string CheckDriftMetadata = "CheckDrift";

    /// <summary><c>MigrationsSupabaseHistory</c>: deploy and rollback keep <c>supabase_migrations.schema_migrations</c> in step.</summary>
    public const string SupabaseHistoryProperty = "MigrationsSupabaseHistory";

    /// <summary><c>DeployMigrationsOnPublish</c>: run DeployMigration right after <c>dotnet publish</c>.</summary>
    public const string DeployOnPublishProperty = "DeployMigrationsOnPublish";

    /// <summary>VerifyBackup's <c>Backup</c>: the backup file to restore.</summary>
    public const string BackupFileProperty = "Backup";

    /// <summary>
    /// The file GitHub Actions gives each step for its job-page summary; when set, the database targets append a
    /// Markdown block to it. An environment variable the CI runner sets, not a property.
    /// </summary>
    public const string StepSummaryVariable = "GITHUB_STEP_SUMMARY";

    /// <summary>Restores a backup into a throwaway database and reports what it holds; not a migration operation.</summary>
    public const string VerifyBackupTarget = "VerifyBackup";

    /// <summary>Creates a timestamped forward/rollback pair from templates; not a migration operation.</summary>
    public const string NewMigrationTarget = "NewMigration";

    /// <summary>NewMigration's <c>Name</c>: the new migration's name, lower snake case.</summary>
    public const string NewMigrationNameProperty = "Name";

    /// <summary>The MSBuild target that runs <paramref name="operation"/>.</summary>
    public static string TargetName(MigrationOperation operation) => operation switch
    {
        MigrationOperation.Test => "TestMigration",
        MigrationOperation.Deploy => "DeployMigration",
        MigrationOperation.Rollback => "RollbackMigration",
        MigrationOperation.Status => "MigrationStatus",
        MigrationOperation.Resolve => "ResolveMigration",
        MigrationOperation.Drift => "MigrationDrift",
        MigrationOperation.Baseline => "BaselineMigration",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a migration operation"),
    };

    /// <summary>Whether the operation writes to the database (everything except reading status and checking drift).</summary>
    public static bool ChangesDatabase(MigrationOperation operation) => operation is not (MigrationOperation.Status or MigrationOperation.Drift);

    /// <summary><c>-t:DeployMigration</c>: the target switch as typed on a command line.</summary>
    public static string TargetSwitch(MigrationOperation operation) => "-t:" + TargetName(operation);

    /// <summary>
    /// <c>-p:Name=value</c>; single-quoted for a POSIX shell when the value would otherwise split or expand there (a
    /// reason with spaces), since these commands are pasted into CI scripts.
    /// </summary>
    public static string PropertySwitch(string property, string value) =>
        value.Any(character => char.IsWhiteSpace(character) || "\"'\\;&|$`<>()*?!#~".Contains(character, StringComparison.Ordinal))
            ? $"-p:{property}='{value.Replace("'", "'\\''", StringComparison.Ordinal)}'"
            : $"-p:{property}={value}";

    /// <summary>
    /// A command to paste: <c>dotnet msbuild &lt;project&gt; -t:Target -p:…</c>; without a project when none is known
    /// (run from the project's folder, MSBuild finds it). Blank property values are left out.
    /// </summary>
    public static string Command(string? projectPath, MigrationOperation operation, params (string Property, string? Value)[] properties) =>
        $"dotnet msbuild {(string.IsNullOrWhiteSpace(projectPath) ? string.Empty : projectPath + " ")}{TargetSwitch(operation)}"
        + string.Concat(properties.Where(property => !string.IsNullOrWhiteSpace(property.Value)).Select(property => " " + PropertySwitch(property.Property, property.Value!)));
}
