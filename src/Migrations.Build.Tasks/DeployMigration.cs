using Migrations.Build.Engine.Deployment;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Tasks;

/// <summary>DeployMigration: applies pending migrations (or the one named) to an environment, behind its gates.</summary>
public sealed class DeployMigration : DatabaseTask
{
    public bool AllowOutOfOrder { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        var pairs = ValidatedPairs();
        if (pairs is null)
        {
            return false;
        }

        var environments = ResolveEnvironments(MigrationOperation.Deploy);
        if (environments is null)
        {
            return false;
        }

        var target = await ConnectAsync(environments[0], MigrationOperation.Deploy, runGates: true).ConfigureAwait(false);
        var context = target is null ? null : CreateContext(target);
        if (target is null || context is null)
        {
            return false;
        }

        return await RunGuardedAsync(target, async () =>
            (await DeployOperation.RunAsync(context, pairs, Migration, AllowOutOfOrder, CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }
}
