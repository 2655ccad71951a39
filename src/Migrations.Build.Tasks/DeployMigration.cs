using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>DeployMigration: applies pending migrations (or the one named) to an environment, behind its gates.</summary>
public sealed class DeployMigration : EnvironmentChangeTask
{
    /// <summary><c>MigrationsAllowOutOfOrder</c>.</summary>
    public bool AllowOutOfOrder { get; set; }

    /// <summary><c>MigrationsSkipStagingCheck</c>.</summary>
    public bool SkipStagingCheck { get; set; }

    /// <summary><c>MigrationsRunbookDirectory</c>, resolved against the project by the SDK.</summary>
    public string? RunbookDirectory { get; set; }

    /// <summary><c>MigrationsHealthCheckCommand</c>: run after a deploy to an environment with a ConfirmVariable; empty runs none.</summary>
    public string? HealthCheckCommand { get; set; }

    /// <summary><c>MigrationsRollbackOnFailedHealthCheck</c>.</summary>
    public bool RollbackOnFailedHealthCheck { get; set; }

    /// <summary><c>MigrationsStagingTestCommand</c>: when set, RequireTestedOn evidence must include passing application tests.</summary>
    public string? StagingTestCommand { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        AllowOutOfOrder = AllowOutOfOrder,
        SkipStagingCheck = SkipStagingCheck,
        RunbookDirectory = RunbookDirectory,
        HealthCheckCommand = HealthCheckCommand,
        RollbackOnFailedHealthCheck = RollbackOnFailedHealthCheck,
        StagingTestCommand = StagingTestCommand,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        DeployCommand.RunAsync(settings, log, cancellationToken);
}
