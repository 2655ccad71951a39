using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Commands;

/// <summary>Whether and how DeployMigration and RollbackMigration back an environment up first (its <c>Backup</c> metadata).</summary>
internal static class EnvironmentBackup
{
    /// <summary>The backup settings for <paramref name="environment"/>, or null when it is not declared with <c>Backup="true"</c>.</summary>
    public static BackupSettings? For(MigrationEnvironment environment, OperationSettings settings)
    {
        if (!environment.Backup)
        {
            return null;
        }

        var project = string.IsNullOrWhiteSpace(settings.ProjectDirectory) ? Directory.GetCurrentDirectory() : settings.ProjectDirectory;
        var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.BackupDirectory) ? OperationDefaults.BackupDirectory : settings.BackupDirectory.Trim(), project);
        var command = string.IsNullOrWhiteSpace(settings.BackupCommand) ? null : settings.BackupCommand.Trim();
        return new BackupSettings(command, directory, project, settings.ReadVariable);
    }
}
