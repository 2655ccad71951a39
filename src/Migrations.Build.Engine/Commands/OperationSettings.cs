namespace Migrations.Build.Engine.Commands;

/// <summary>
/// What a database target was given, as plain values: the MSBuild properties and items of contract §3, unparsed.
/// Blank text means "not set" and takes the default from <see cref="OperationDefaults"/>; each operation reads the
/// fields it needs and ignores the rest, as MSBuild ignores properties a target does not use.
/// </summary>
public sealed record OperationSettings
{
    /// <summary>The folder with the forward files (absolute, or relative to the current directory).</summary>
    public required string MigrationsDirectory { get; init; }

    /// <summary>The folder with the rollback files; blank means the forward folder.</summary>
    public string? RollbackDirectory { get; init; }

    /// <summary><c>Migration</c>: one migration by file name, version_name or version; blank for the operation's default.</summary>
    public string? Migration { get; init; }

    /// <summary><c>MigrationsEnvironment</c>: an explicit environment name; blank lets contract §4 choose.</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>The project's <c>MigrationEnvironment</c> items; they add to and override the built-in ones.</summary>
    public IReadOnlyList<EnvironmentDeclaration> Environments { get; init; } = [];

    public string? HistorySchema { get; init; }

    public string? HistoryTable { get; init; }

    public string? LockTimeout { get; init; }

    public string? StatementTimeout { get; init; }

    public string? LockWait { get; init; }

    /// <summary>The project file, so messages print commands users can paste.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The project's folder, which a bootstrap path is relative to; blank means the current directory.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>What relative path properties are resolved against: <see cref="ProjectDirectory"/>, else the current folder.</summary>
    internal string RelativePathBase => string.IsNullOrWhiteSpace(ProjectDirectory) ? Directory.GetCurrentDirectory() : ProjectDirectory;

    /// <summary>Reads an environment variable (URLs, confirmations); tests pass a dictionary instead of the process environment.</summary>
    public Func<string, string?> ReadVariable { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary><c>MigrationsAllowOutOfOrder</c> for a deploy, <c>MigrationsAllowOutOfOrderRollback</c> for a rollback.</summary>
    public bool AllowOutOfOrder { get; init; }

    /// <summary><c>MigrationsSkipStagingCheck</c>: deploy without the RequireTestedOn evidence, loudly and on the record.</summary>
    public bool SkipStagingCheck { get; init; }

    /// <summary><c>MigrationsDeploymentWindow</c>: when production deploys and rollbacks may run, e.g. <c>Sat 02:00-04:00 UTC</c>.</summary>
    public string? DeploymentWindow { get; init; }

    /// <summary><c>MigrationsIgnoreWindow</c>: run outside the deployment window, loudly and on the record.</summary>
    public bool IgnoreWindow { get; init; }

    /// <summary>The clock the deployment window is judged by; tests pass a fixed one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// <c>MigrationsStopOnFirstFailure</c>: TestMigration on Local ends at the first refuted or failed migration
    /// instead of judging every one.
    /// </summary>
    public bool StopOnFirstFailure { get; init; }

    /// <summary><c>MigrationsUseRollbackFromDisk</c>: roll back with the file on disk instead of the text recorded at deploy.</summary>
    public bool UseRollbackFromDisk { get; init; }

    /// <summary><c>MigrationsAllowDataLoss</c>: run a deploy or rollback that drops or empties data on a production-like environment, loudly and on the record.</summary>
    public bool AllowDataLoss { get; init; }

    /// <summary>
    /// <c>MigrationsSupabaseHistory</c>: a deploy inserts, and a rollback deletes, each migration's row in
    /// <c>supabase_migrations.schema_migrations</c> in the migration's own transaction. False: that schema is never touched.
    /// </summary>
    public bool SupabaseHistory { get; init; }

    /// <summary><c>MigrationsStatusFormat</c>: table, json or markdown.</summary>
    public string? StatusFormat { get; init; }

    /// <summary><c>MigrationsStatusFile</c>: also write the status to this file.</summary>
    public string? StatusFile { get; init; }

    /// <summary><c>MigrationsDriftFormat</c>: table, json or markdown, for MigrationDrift.</summary>
    public string? DriftFormat { get; init; }

    /// <summary><c>MigrationsDriftFile</c>: also write MigrationDrift's report to this file.</summary>
    public string? DriftFile { get; init; }

    /// <summary>
    /// <c>MigrationsDriftExcludedSchemas</c>: schemas (a trailing <c>*</c> matches any suffix) the drift check leaves out of
    /// both snapshots, <c>;</c> or <c>,</c> separated — a platform's own schemas (the SDK's default in a Supabase project).
    /// </summary>
    public string? DriftExcludedSchemas { get; init; }

    /// <summary><c>MigrationsSkipDriftCheck</c>: deploy or roll back on a CheckDrift environment without the drift check, loudly and on the record.</summary>
    public bool SkipDriftCheck { get; init; }

    /// <summary>ResolveMigration's <c>As</c>: applied or rolled_back.</summary>
    public string? ResolveAs { get; init; }

    /// <summary>ResolveMigration's and BaselineMigration's <c>Reason</c>, recorded with who resolved (or baselined) it.</summary>
    public string? ResolveReason { get; init; }

    /// <summary>
    /// <c>MigrationsBaselineUnverified</c>: BaselineMigration records its rows without proving the live schema equals the
    /// replay of the migrations, loudly and on the record.
    /// </summary>
    public bool BaselineUnverified { get; init; }

    /// <summary>
    /// <c>MigrationsBaselineFrom</c>: where BaselineMigration takes the applied set from. Empty = every migration up to
    /// <c>Migration</c>; <c>supabase</c> = the versions the Supabase CLI's history lists.
    /// </summary>
    public string? BaselineFrom { get; init; }

    /// <summary><c>MigrationsLocalImage</c>: the container image when Local uses Docker.</summary>
    public string? LocalImage { get; init; }

    /// <summary><c>MigrationsLocalBootstrap</c>: a SQL file (relative to the project) or <c>supabase</c>.</summary>
    public string? LocalBootstrap { get; init; }

    /// <summary><c>MigrationsLocalBinDirectory</c>: the folder of PostgreSQL server binaries for Local (relative to the project); empty = search.</summary>
    public string? LocalBinDirectory { get; init; }

    /// <summary>
    /// <c>MigrationsExposedSchemas</c>, as the SDK resolved it (with its Supabase default): a <c>;</c>-separated list of
    /// the schemas an API serves, for the same MIG0309 lint as the build's validation.
    /// </summary>
    public string? ExposedSchemas { get; init; }

    /// <summary><c>MigrationsIgnoreColumnOrder</c> for TestMigration: <c>true</c> or <c>false</c> (blank).</summary>
    public string? IgnoreColumnOrder { get; init; }

    /// <summary><c>MigrationsIgnoreWhitespace</c> for TestMigration: <c>true</c> or <c>false</c> (blank).</summary>
    public string? IgnoreWhitespace { get; init; }

    /// <summary>
    /// Where TestMigration writes the full list of a refutation's differences (the SDK passes the project's
    /// obj/…/migrations folder; relative to <see cref="ProjectDirectory"/>); blank writes no file and prints every line.
    /// </summary>
    public string? DifferencesDirectory { get; init; }

    /// <summary>
    /// Where the validation cache the build's ValidateMigrations also uses lives (the SDK passes the project's
    /// obj/…/migrations folder), so a database target lexes and analyses only files changed since; blank: no cache.
    /// </summary>
    public string? ValidationCacheDirectory { get; init; }

    /// <summary>
    /// <c>MigrationsBackupCommand</c>: the command that backs up an environment with <c>Backup="true"</c> before a deploy
    /// or rollback, with <c>{file}</c>, <c>{environment}</c> and <c>{version}</c>; blank for the built-in <c>pg_dump -Fc</c>.
    /// </summary>
    public string? BackupCommand { get; init; }

    /// <summary><c>MigrationsBackupDirectory</c>: where backups go (relative to the project); blank for <c>obj/backups</c>.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>
    /// <c>MigrationsRunbookDirectory</c>: where a deploy to an environment with a ConfirmVariable writes its rollback
    /// runbook (relative to the project); blank for <c>obj/runbooks</c>.
    /// </summary>
    public string? RunbookDirectory { get; init; }

    /// <summary>
    /// <c>MigrationsHealthCheckCommand</c>: run through the platform shell after a deploy that applied something to an
    /// environment with a ConfirmVariable; a non-zero exit is MIG1030. Blank runs none.
    /// </summary>
    public string? HealthCheckCommand { get; init; }

    /// <summary><c>MigrationsRollbackOnFailedHealthCheck</c>: roll back what the deploy applied when its health check fails.</summary>
    public bool RollbackOnFailedHealthCheck { get; init; }

    /// <summary>VerifyBackup's <c>Backup</c>: the backup file to restore (relative to the project).</summary>
    public string? BackupFile { get; init; }

    /// <summary>
    /// <c>MigrationsStagingTestCommand</c>: application tests run after TestMigration on Staging, and required (with
    /// a zero exit code) in the evidence of RequireTestedOn deploys; blank for none.
    /// </summary>
    public string? StagingTestCommand { get; init; }

    /// <summary><c>MigrationsStagingTestUrlVariable</c>: the variable that hands the staging URL to that command; blank for <c>DATABASE_URL</c>.</summary>
    public string? StagingTestUrlVariable { get; init; }

    /// <summary>
    /// Leaves <see cref="ReadVariable"/> out of the generated ToString: printing the record must never look like it
    /// could show what the variables hold.
    /// </summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"MigrationsDirectory = {MigrationsDirectory}, Migration = {Migration}, EnvironmentName = {EnvironmentName}");
        return true;
    }
}
