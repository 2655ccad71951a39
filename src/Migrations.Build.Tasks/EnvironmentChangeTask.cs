using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Tasks;

/// <summary>
/// What DeployMigration and RollbackMigration share because both change a real environment: the production gates
/// that guard a change (deployment window, data-loss guard, the backup taken first) and the folder the backup command
/// runs in.
/// </summary>
public abstract class EnvironmentChangeTask : DatabaseTask
{
    /// <summary><c>MigrationsDeploymentWindow</c>.</summary>
    public string? DeploymentWindow { get; set; }

    /// <summary><c>MigrationsIgnoreWindow</c>, passed with <see cref="DeploymentWindow"/>.</summary>
    public bool IgnoreWindow { get; set; }

    /// <summary><c>MigrationsAllowDataLoss</c>.</summary>
    public bool AllowDataLoss { get; set; }

    /// <summary><c>MigrationsSupabaseHistory</c>: keep supabase_migrations.schema_migrations in step.</summary>
    public bool SupabaseHistory { get; set; }

    /// <summary><c>MigrationsBackupCommand</c>: the backup run first on an environment with Backup="true"; empty for the built-in pg_dump.</summary>
    public string? BackupCommand { get; set; }

    /// <summary><c>MigrationsBackupDirectory</c>, resolved against the project by the SDK.</summary>
    public string? BackupDirectory { get; set; }

    /// <summary><c>MigrationsSkipDriftCheck</c>: go ahead on a CheckDrift environment without the drift check, on the record.</summary>
    public bool SkipDriftCheck { get; set; }

    /// <summary>The project's folder, where the backup command runs.</summary>
    public string? ProjectDirectory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        DeploymentWindow = DeploymentWindow,
        IgnoreWindow = IgnoreWindow,
        AllowDataLoss = AllowDataLoss,
        SupabaseHistory = SupabaseHistory,
        BackupCommand = BackupCommand,
        BackupDirectory = BackupDirectory,
        ProjectDirectory = ProjectDirectory,
        SkipDriftCheck = SkipDriftCheck,
    };
}
