using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Artifacts;

/// <summary>A source project folder with migrations, and the artifact folder it publishes to.</summary>
internal sealed class ArtifactSource : IDisposable
{
    private readonly MigrationFolder _folder = new();

    public string Root => _folder.Root;

    public string ArtifactDirectory => Path.Combine(Root, "out", ArtifactLayout.FolderName);

    public string ManifestPath => Path.Combine(ArtifactDirectory, ArtifactLayout.ManifestFileName);

    public string Write(string relativePath, string text) => _folder.Write(relativePath, text);

    public ArtifactPublishResult Publish(string? rollbackFolder = null, IReadOnlyList<ArtifactSetting>? settings = null) =>
        ArtifactPublisher.Publish(new ArtifactPublishRequest(
            "Billing.Database",
            Root,
            new MigrationDiscoveryOptions(Path.Combine(Root, "migrations"), rollbackFolder is null ? null : Path.Combine(Root, rollbackFolder)),
            ExposedSchemas: null,
            ArtifactDirectory,
            "1.0.0",
            settings ?? [],
            []));

    public string[] ArtifactFiles() =>
        Directory.EnumerateFiles(ArtifactDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(ArtifactDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose() => _folder.Dispose();
}
