using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// Where a target's throwaway Local server comes from, from the project's properties: MIGRATIONS_LOCAL_URL (the Local
/// environment's variable), MigrationsLocalBinDirectory, MigrationsLocalImage. TestMigration proves on it and
/// BaselineMigration replays on it, so both find the same server the same way.
/// </summary>
internal static class LocalServerOptions
{
    /// <param name="local">The Local environment as the project declares it (its URL variable may be redefined).</param>
    /// <param name="target">The server the throwaway one stands in for, when known: its major version is preferred.</param>
    public static ThrowawayServerOptions For(OperationSettings raw, MigrationEnvironment local, TargetServer? target) => new()
    {
        UrlVariable = local.UrlVariable,
        ReadVariable = raw.ReadVariable,
        ContainerImage = string.IsNullOrWhiteSpace(raw.LocalImage) ? null : raw.LocalImage.Trim(),
        LocalBinDirectory = BinDirectoryOf(raw),
        Target = target,
    };

    /// <summary><c>MigrationsLocalBinDirectory</c>, relative to the project like every other path property; null when not set.</summary>
    private static string? BinDirectoryOf(OperationSettings raw) =>
        string.IsNullOrWhiteSpace(raw.LocalBinDirectory)
            ? null
            : Path.GetFullPath(raw.LocalBinDirectory.Trim(), raw.RelativePathBase);
}
