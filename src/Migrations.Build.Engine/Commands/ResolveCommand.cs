using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// ResolveMigration: records how a partial migration was settled by hand (<c>As=applied|rolled_back</c>, with a
/// <c>Reason</c>), which unblocks deploys. It picks its environment as RollbackMigration does: Production only when
/// confirmed.
/// </summary>
public static class ResolveCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Resolve, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        var migration = sequence.Settings.Migration;
        if (migration is null)
        {
            sequence.Settings.Invalid($"{PublicSurface.TargetName(MigrationOperation.Resolve)} needs the migration to resolve: -p:{PublicSurface.MigrationProperty}=<version_name> -p:{PublicSurface.ResolveAsProperty}=applied (or rolled_back).");
            return false;
        }

        if (sequence.Settings.Resolution() is not { } resolution)
        {
            return false;
        }

        // A confirmation hint must repeat the whole resolution, or the pasted command would fail on As.
        (string, string?)[] arguments = [(PublicSurface.ResolveAsProperty, sequence.Raw.ResolveAs?.Trim()), (PublicSurface.ResolveReasonProperty, sequence.Raw.ResolveReason)];
        if (sequence.ValidateAndResolveOne() is not var (pairs, environment)
            || await sequence.ConnectWithContextAsync(environment, arguments).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        return await sequence.GuardAsync(target, async () =>
            (await ResolveOperation.RunAsync(context with { KeepSupabaseHistory = sequence.Raw.SupabaseHistory }, pairs, migration, resolution, sequence.Raw.ResolveReason, sequence.CancellationToken).ConfigureAwait(false)).Succeeded).ConfigureAwait(false);
    }
}
