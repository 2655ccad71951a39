using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>RollbackMigration: rolls back the latest applied migration (or the one named) on Staging, or on Production when confirmed.</summary>
public static class RollbackCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Rollback, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        if (sequence.ValidateAndResolveOne() is not var (pairs, environment)
            || await sequence.ConnectWithContextAsync(environment).ConfigureAwait(false) is not var (target, context))
        {
            return false;
        }

        var raw = sequence.Raw;
        context = context with { DataLoss = DataLossPolicy.For(environment, raw.AllowDataLoss), KeepSupabaseHistory = raw.SupabaseHistory };
        context = context with { Backup = EnvironmentBackup.For(environment, raw) };
        return await sequence.GuardAsync(target, async () =>
        {
            var outcome = await RollbackOperation.RunAsync(context, pairs, sequence.Settings.Migration, raw.AllowOutOfOrder, raw.UseRollbackFromDisk, sequence.CancellationToken).ConfigureAwait(false);
            sequence.Summary.AddOutcome(outcome, "rolled back");
            return outcome.Succeeded;
        }).ConfigureAwait(false);
    }
}
