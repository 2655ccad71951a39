using Migrations.Build.Engine.Deployment;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Tasks;

/// <summary>RollbackMigration: rolls back the latest applied migration (or the one named) on Staging, or on Production when confirmed.</summary>
public sealed class RollbackMigration : DatabaseTask
{
    public bool AllowOutOfOrder { get; set; }

    public bool UseRollbackFromDisk { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        var pairs = ValidatedPairs();
        var environments = pairs is null ? null : ResolveEnvironments(MigrationOperation.Rollback);
        if (pairs is null || environments is null || environments.Count == 0)
        {
            return false;
        }

        var target = await ConnectAsync(environments[0], MigrationOperation.Rollback, runGates: true).ConfigureAwait(false);
        var context = target is null ? null : CreateContext(target);
        if (target is null || context is null)
        {
            return false;
        }

        return await RunGuardedAsync(target, async () =>
            (await RollbackOperation.RunAsync(context, pairs, Migration, AllowOutOfOrder, UseRollbackFromDisk, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }
}
