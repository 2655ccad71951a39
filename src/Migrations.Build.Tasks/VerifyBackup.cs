using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>VerifyBackup: restores a backup (<c>-p:Backup=&lt;file&gt;</c>) into a throwaway Local database and reports what it holds.</summary>
public sealed class VerifyBackup : DatabaseTask
{
    /// <summary><c>Backup</c>: the backup file, relative to the project.</summary>
    public string? BackupFile { get; set; }

    /// <summary><c>MigrationsBackupDirectory</c>, named when no file is given.</summary>
    public string? BackupDirectory { get; set; }

    /// <summary>The project's folder, which the file path is relative to.</summary>
    public string? ProjectDirectory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        BackupFile = BackupFile,
        BackupDirectory = BackupDirectory,
        ProjectDirectory = ProjectDirectory,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        VerifyBackupCommand.RunAsync(settings, log, cancellationToken);
}
