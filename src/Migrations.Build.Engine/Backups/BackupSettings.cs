namespace Migrations.Build.Engine.Backups;

/// <summary>
/// How an environment declared with <c>Backup="true"</c> is backed up before DeployMigration and RollbackMigration
/// change it: <c>MigrationsBackupCommand</c> when set, else the built-in <c>pg_dump -Fc</c> into
/// <c>MigrationsBackupDirectory</c>.
/// </summary>
/// <param name="Command">The user's command line with <c>{file}</c>, <c>{environment}</c>, <c>{version}</c>; null for the built-in backup.</param>
/// <param name="Directory">Where backup files go (absolute).</param>
/// <param name="WorkingDirectory">Where the command runs: the project's folder.</param>
/// <param name="ReadVariable">Reads PATH, where pg_dump is looked for first.</param>
internal sealed record BackupSettings(string? Command, string Directory, string WorkingDirectory, Func<string, string?> ReadVariable);
