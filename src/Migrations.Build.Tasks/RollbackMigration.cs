using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>RollbackMigration: rolls back the latest applied migration (or the one named) on Staging, or on Production when confirmed.</summary>
public sealed class RollbackMigration : DatabaseTask
{
    /// <summary><c>MigrationsAllowOutOfOrderRollback</c>.</summary>
    public bool AllowOutOfOrder { get; set; }

    /// <summary><c>MigrationsUseRollbackFromDisk</c>.</summary>
    public bool UseRollbackFromDisk { get; set; }

    /// <summary><c>MigrationsAllowDataLoss</c>.</summary>
    public bool AllowDataLoss { get; set; }

    /// <summary><c>MigrationsBackupCommand</c>: the backup run first on an environment with Backup="true"; empty for the built-in pg_dump.</summary>
    public string? BackupCommand { get; set; }

    /// <summary><c>MigrationsBackupDirectory</c>, resolved against the project by the SDK.</summary>
    public string? BackupDirectory { get; set; }

    /// <summary>The project's folder, where the backup command runs.</summary>
    public string? ProjectDirectory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        AllowOutOfOrder = AllowOutOfOrder,
        UseRollbackFromDisk = UseRollbackFromDisk,
        AllowDataLoss = AllowDataLoss,
        BackupCommand = BackupCommand,
        BackupDirectory = BackupDirectory,
        ProjectDirectory = ProjectDirectory,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        RollbackCommand.RunAsync(settings, log, cancellationToken);
}
