using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Tasks;

/// <summary>RollbackMigration: rolls back the latest applied migration (or the one named) on Staging, or on Production when confirmed.</summary>
public sealed class RollbackMigration : DatabaseTask
{
    public bool AllowOutOfOrder { get; set; }

    public bool UseRollbackFromDisk { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        if (PrepareSingleEnvironment(MigrationOperation.Rollback) is not var (pairs, environment)
            || await ConnectWithContextAsync(environment, MigrationOperation.Rollback).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        return await RunGuardedAsync(target, async () =>
            (await RollbackOperation.RunAsync(context, pairs, Migration, AllowOutOfOrder, UseRollbackFromDisk, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }
}
