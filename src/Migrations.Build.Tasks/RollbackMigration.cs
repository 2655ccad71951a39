using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>RollbackMigration: rolls back the latest applied migration (or the one named) on Staging, or on Production when confirmed.</summary>
public sealed class RollbackMigration : EnvironmentChangeTask
{
    /// <summary><c>MigrationsAllowOutOfOrderRollback</c>.</summary>
    public bool AllowOutOfOrder { get; set; }

    /// <summary><c>MigrationsUseRollbackFromDisk</c>.</summary>
    public bool UseRollbackFromDisk { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        AllowOutOfOrder = AllowOutOfOrder,
        UseRollbackFromDisk = UseRollbackFromDisk,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        RollbackCommand.RunAsync(settings, log, cancellationToken);
}
