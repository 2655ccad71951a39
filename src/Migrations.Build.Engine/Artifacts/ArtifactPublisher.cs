using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// Publishes the validated pairs into an artifact folder with its manifest and project (build once, deploy many).
/// The folder is deleted and written anew, so a migration removed since the last publish cannot linger in it.
/// </summary>
public static class ArtifactPublisher
{
    public static ArtifactPublishResult Publish(ArtifactPublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Errors only: the build's ValidateMigrations (which publish depends on) already printed the warnings.
        var validation = MigrationValidator.Validate(request.Discovery, SafetyLintOptions.FromExposedSchemasProperty(request.ExposedSchemas));
        var errors = validation.Diagnostics.Where(diagnostic => diagnostic.IsError).ToList();
        if (errors.Count > 0)
        {
            return new ArtifactPublishResult(null, errors);
        }

        var artifactDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.ArtifactDirectory));
        if (Holds(artifactDirectory, request.Discovery.ForwardDirectory) || Holds(artifactDirectory, request.Discovery.EffectiveRollbackDirectory))
        {
            return Failed($"the artifact folder {artifactDirectory} is or contains the project's migrations folder, and publishing deletes and rewrites it as a whole; publish to another folder (dotnet publish -o <folder>, or set PublishDir).");
        }

        try
        {
            return new ArtifactPublishResult(Write(request, validation.Set, artifactDirectory), []);
        }
        catch (PublishProblemException problem)
        {
            return Failed(problem.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failed($"writing {artifactDirectory} failed: {exception.Message} Check that the folder is writable and not open in another program, then publish again.");
        }
    }

    private static ArtifactManifest Write(ArtifactPublishRequest request, MigrationSet set, string artifactDirectory)
    {
        var rollbackFolder = request.Discovery.RollbacksBesideForwards ? "." : ArtifactLayout.RollbackFolderName;
        var settings = request.Settings.Where(setting => !string.IsNullOrWhiteSpace(setting.Value)).ToList();
        var bootstrap = FindBootstrapFile(request, settings);

        if (Directory.Exists(artifactDirectory))
        {
            Directory.Delete(artifactDirectory, recursive: true);
        }

        Directory.CreateDirectory(artifactDirectory);
        var migrations = new List<ArtifactMigration>();
        foreach (var pair in set.Pairs)
        {
            var forward = Copy(pair.Forward, ".", artifactDirectory);
            var rollback = pair.Rollback is null ? null : Copy(pair.Rollback, rollbackFolder, artifactDirectory);
            migrations.Add(new ArtifactMigration(pair.Version, pair.Name, forward, rollback, pair.IsIrreversible));
        }

        var supportFiles = new List<ArtifactFile>();
        if (bootstrap is not null)
        {
            var relative = ArtifactLayout.BootstrapFolderName + "/" + Path.GetFileName(bootstrap);
            var target = ArtifactLayout.FromManifestPath(artifactDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(bootstrap, target);
            supportFiles.Add(new ArtifactFile(relative, ArtifactChecksum.Of(target)));
            settings = settings.Select(setting => setting.Name == LocalBootstrap.PropertyName ? setting with { Value = relative } : setting).ToList();
        }

        var projectPath = Path.Combine(artifactDirectory, ArtifactLayout.ProjectFileName);
        File.WriteAllText(projectPath, ArtifactProject.Write(request.ProjectName, request.SdkVersion, rollbackFolder, settings, request.Environments));
        supportFiles.Add(new ArtifactFile(ArtifactLayout.ProjectFileName, ArtifactChecksum.Of(projectPath)));

        var manifest = new ArtifactManifest(ArtifactLayout.FormatVersion, ToolVersion.Current, request.ProjectName, rollbackFolder, migrations, supportFiles);
        File.WriteAllText(Path.Combine(artifactDirectory, ArtifactLayout.ManifestFileName), ArtifactManifestJson.Write(manifest));
        return manifest;
    }

    /// <summary>A MigrationsLocalBootstrap that names a file travels with the artifact; the Supabase keyword needs nothing.</summary>
    private static string? FindBootstrapFile(ArtifactPublishRequest request, List<ArtifactSetting> settings)
    {
        var value = settings.FirstOrDefault(setting => setting.Name == LocalBootstrap.PropertyName)?.Value.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals(LocalBootstrap.SupabaseKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(request.ProjectDirectory, value));
        return File.Exists(path)
            ? path
            : throw new PublishProblemException($"{LocalBootstrap.PropertyName} is '{value}', but the file {path} does not exist, so it cannot be copied into the artifact; fix the path (relative to {request.ProjectDirectory}) or clear the property.");
    }

    private static ArtifactFile Copy(MigrationFile file, string folder, string artifactDirectory)
    {
        var relative = folder == "." ? Path.GetFileName(file.Path) : folder + "/" + Path.GetFileName(file.Path);
        var target = ArtifactLayout.FromManifestPath(artifactDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file.Path, target);

        // Discovery's checksum of the source; the copy holds the same bytes, and the verifier recomputes it from them.
        return new ArtifactFile(relative, file.Checksum!);
    }

    /// <summary>Whether deleting the artifact folder would delete <paramref name="sourceDirectory"/> (an artifact inside it is fine).</summary>
    private static bool Holds(string artifactDirectory, string sourceDirectory)
    {
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDirectory));
        return string.Equals(source, artifactDirectory, StringComparison.Ordinal) || source.StartsWith(artifactDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static ArtifactPublishResult Failed(string why) =>
        new(null, [new Diagnostic(DiagnosticCatalog.PublishFailed, SourceLocation.None, $"Migrations cannot be published: {why}")]);

    /// <summary>A problem found while writing that the user can fix; becomes MIG0016.</summary>
    private sealed class PublishProblemException(string message) : Exception(message);
}
