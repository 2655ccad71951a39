namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// The fixed shape of a publish artifact: <c>$(PublishDir)migrations/</c> holding the forwards, the rollbacks (in
/// <c>rollback/</c> when the project keeps them in a folder of their own), the manifest and one project file, so
/// <c>dotnet msbuild &lt;folder&gt;/migrations.proj -t:DeployMigration</c> runs from the folder alone.
/// </summary>
public static class ArtifactLayout
{
    /// <summary>The artifact's folder under the publish directory.</summary>
    public const string FolderName = "migrations";

    public const string ManifestFileName = "migrations.json";

    public const string ProjectFileName = "migrations.proj";

    /// <summary>Where rollbacks go when the source project keeps them apart from the forwards (MigrationsRollbackDirectory).</summary>
    public const string RollbackFolderName = "rollback";

    /// <summary>Where a MigrationsLocalBootstrap SQL file is copied; a subfolder, so discovery never reads it as a migration.</summary>
    public const string BootstrapFolderName = "bootstrap";

    /// <summary>The manifest's format; a reader refuses a newer one rather than half-understanding it.</summary>
    public const int FormatVersion = 1;

    /// <summary>Paths inside the artifact are written with '/' on every OS, so a manifest means the same everywhere.</summary>
    internal static string ToManifestPath(string relativePath) => relativePath.Replace('\\', '/');

    internal static string FromManifestPath(string artifactDirectory, string manifestPath) =>
        Path.GetFullPath(Path.Combine(artifactDirectory, manifestPath.Replace('/', Path.DirectorySeparatorChar)));
}
