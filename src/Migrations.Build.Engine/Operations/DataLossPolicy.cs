using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Whether a deploy or rollback must pass the data-loss guard (MIG1011), and whether the user allowed the loss
/// (<c>MigrationsAllowDataLoss</c>). Only production-like environments, those with a ConfirmVariable, are guarded:
/// staging data is expected to be thrown away.
/// </summary>
internal sealed record DataLossPolicy(bool AllowDataLoss)
{
    /// <summary>The policy for <paramref name="environment"/>; null when it is not guarded.</summary>
    public static DataLossPolicy? For(MigrationEnvironment environment, bool allowDataLoss)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.ConfirmVariable is null ? null : new DataLossPolicy(allowDataLoss);
    }
}
