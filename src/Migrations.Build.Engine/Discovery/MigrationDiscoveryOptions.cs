namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Where to look. The rollback directory defaults to the forward directory; a separate one keeps tools such as the
/// Supabase CLI from reading rollbacks as migrations.
/// </summary>
public sealed record MigrationDiscoveryOptions(string ForwardDirectory, string? RollbackDirectory = null)
{
    public string EffectiveRollbackDirectory => string.IsNullOrEmpty(RollbackDirectory) ? ForwardDirectory : RollbackDirectory;

    public bool RollbacksBesideForwards =>
        string.Equals(Normalise(ForwardDirectory), Normalise(EffectiveRollbackDirectory), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Normalise(string directory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
}
