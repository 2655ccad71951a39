using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// Proves an artifact folder is exactly what was published before anything runs from it: every file the manifest
/// lists is there with its checksum, and no SQL or project file that it does not list has been added where the SDK
/// would read it. An artifact is deployed many times; one edited by hand would deploy something nobody reviewed.
/// </summary>
public static class ArtifactVerifier
{
    private const string RepublishAdvice = "Do not edit a published artifact: change the source project and publish again (dotnet publish), then deploy the new folder as a whole.";

    /// <param name="manifestPath">The artifact's migrations.json.</param>
    /// <param name="projectPath">The project file running, which must be the artifact's own.</param>
    public static IReadOnlyList<Diagnostic> Verify(string manifestPath, string? projectPath = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        manifestPath = Path.GetFullPath(manifestPath);
        var artifactDirectory = Path.GetDirectoryName(manifestPath)!;

        ArtifactManifest manifest;
        try
        {
            manifest = ArtifactManifestJson.Read(File.ReadAllText(manifestPath));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArtifactManifestException)
        {
            var why = exception is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : exception.Message;
            return [new Diagnostic(
                DiagnosticCatalog.ArtifactManifestUnusable,
                File.Exists(manifestPath) ? SourceLocation.StartOf(manifestPath) : SourceLocation.None,
                $"The artifact's manifest {manifestPath} cannot be used: {why}. Without it nothing proves that this folder holds the migrations that were published; publish again (dotnet publish) and deploy the new folder as a whole.")];
        }

        var diagnostics = new List<Diagnostic>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.AllFiles)
        {
            var path = ArtifactLayout.FromManifestPath(artifactDirectory, file.Path);
            listed.Add(path);
            if (!File.Exists(path))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.ArtifactFileMissing,
                    SourceLocation.StartOf(manifestPath),
                    $"{file.Path} is listed in the artifact's manifest (checksum {file.Checksum}) but is missing from {artifactDirectory}. {RepublishAdvice}"));
                continue;
            }

            var actual = ArtifactChecksum.Of(path);
            if (!string.Equals(actual, file.Checksum, StringComparison.Ordinal))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.ArtifactFileChanged,
                    SourceLocation.StartOf(path),
                    $"{file.Path} does not match the artifact's manifest: it was published with checksum {file.Checksum}, and the file now has checksum {actual}. {RepublishAdvice}"));
            }
        }

        foreach (var path in UnlistedFiles(artifactDirectory, manifest, projectPath).Where(path => !listed.Contains(path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.ArtifactFileUnexpected,
                SourceLocation.StartOf(path),
                $"{ArtifactLayout.ToManifestPath(Path.GetRelativePath(artifactDirectory, path))} is in the artifact but not in its manifest, so it was not published with it (checksum {ArtifactChecksum.Of(path)}). Remove it; to deploy a new migration, add it to the source project and publish again."));
        }

        return diagnostics;
    }

    /// <summary>Every file the SDK could read from the folder: SQL directly in the forward, rollback and bootstrap folders, project files, and the running project.</summary>
    private static IEnumerable<string> UnlistedFiles(string artifactDirectory, ArtifactManifest manifest, string? projectPath)
    {
        var folders = new[] { ".", manifest.RollbackDirectory, ArtifactLayout.BootstrapFolderName }
            .Select(folder => ArtifactLayout.FromManifestPath(artifactDirectory, folder))
            .Distinct(StringComparer.Ordinal)
            .Where(Directory.Exists);
        foreach (var folder in folders)
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.sql").Where(path => !Path.GetFileName(path).StartsWith('.')))
            {
                yield return Path.GetFullPath(path);
            }
        }

        foreach (var path in Directory.EnumerateFiles(artifactDirectory, "*.*proj"))
        {
            yield return Path.GetFullPath(path);
        }

        if (!string.IsNullOrEmpty(projectPath))
        {
            yield return Path.GetFullPath(projectPath);
        }
    }
}
