namespace Migrations.Build.Engine.Commands;

/// <summary>
/// The one place each default of a database target lives. The SDK passes properties through as the user set them
/// (empty when not set) and <see cref="SettingsReader"/> fills in these values, so a caller that is not MSBuild —
/// a test, a benchmark — gets exactly what a build gets.
/// </summary>
public static class OperationDefaults
{
    /// <summary><c>MigrationsHistorySchema</c>.</summary>
    public const string HistorySchema = "migrations_build";

    /// <summary><c>MigrationsHistoryTable</c>.</summary>
    public const string HistoryTable = "history";

    /// <summary><c>MigrationsLockTimeout</c>: a migration waiting this long for a table lock fails instead of queueing traffic behind it.</summary>
    public const string LockTimeout = "5s";

    /// <summary><c>MigrationsStatementTimeout</c>: none; a long data migration is the user's call.</summary>
    public const string StatementTimeout = "0";

    /// <summary><c>MigrationsLockWait</c>: how long to wait for another operation's migration lock.</summary>
    public const string LockWait = "60s";

    /// <summary><c>MigrationsStatusFormat</c>.</summary>
    public const string StatusFormat = "table";

    /// <summary><c>MigrationsBackupDirectory</c>, relative to the project's folder (the SDK passes <c>$(BaseIntermediateOutputPath)backups</c>).</summary>
    public const string BackupDirectory = "obj/backups";

    /// <summary><c>MigrationsRunbookDirectory</c>, relative to the project's folder (the SDK passes <c>$(BaseIntermediateOutputPath)runbooks</c>).</summary>
    public const string RunbookDirectory = "obj/runbooks";

    /// <summary><c>MigrationsIgnoreColumnOrder</c>: a schema that differs only in column order fails TestMigration (MIG1027).</summary>
    public const string IgnoreColumnOrder = "false";

    /// <summary><c>MigrationsIgnoreWhitespace</c>: routine bodies that differ only in whitespace fail TestMigration (MIG1028).</summary>
    public const string IgnoreWhitespace = "false";

    /// <summary><c>MigrationsStagingTestUrlVariable</c>: the variable most application frameworks read their database URL from.</summary>
    public const string StagingTestUrlVariable = "DATABASE_URL";
}
