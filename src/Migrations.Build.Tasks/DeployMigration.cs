using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>DeployMigration: applies pending migrations (or the one named) to an environment, behind its gates.</summary>
public sealed class DeployMigration : DatabaseTask
{
    /// <summary><c>MigrationsAllowOutOfOrder</c>.</summary>
    public bool AllowOutOfOrder { get; set; }

    /// <summary><c>MigrationsSkipStagingCheck</c>.</summary>
    public bool SkipStagingCheck { get; set; }

    /// <summary><c>MigrationsAllowDataLoss</c>.</summary>
    public bool AllowDataLoss { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with { AllowOutOfOrder = AllowOutOfOrder, SkipStagingCheck = SkipStagingCheck, AllowDataLoss = AllowDataLoss };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        DeployCommand.RunAsync(settings, log, cancellationToken);
}
