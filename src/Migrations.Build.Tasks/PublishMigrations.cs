using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Discovery;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>
/// Writes the publish artifact (<c>$(PublishDir)migrations/</c>): the validated pairs, migrations.json and
/// migrations.proj. The project's settings are passed as items; those given on the command line (global
/// properties) are left out, so a publish command's one-off switches are not baked into every later deploy.
/// </summary>
public sealed class PublishMigrations : Microsoft.Build.Utilities.Task
{
    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary><c>MigrationsExposedSchemas</c> with the SDK's Supabase default applied.</summary>
    public string? ExposedSchemas { get; set; }

    [Required]
    public string ArtifactDirectory { get; set; } = string.Empty;

    /// <summary>The SDK package version, for the artifact's project; empty when the SDK is not a package.</summary>
    public string? SdkVersion { get; set; }

    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>One item per Migrations* property, named by the item, its value in <c>Value</c>.</summary>
    public ITaskItem[] Settings { get; set; } = [];

    /// <summary>The project's <c>MigrationEnvironment</c> items.</summary>
    public ITaskItem[] Environments { get; set; } = [];

    public override bool Execute()
    {
        var logger = new DiagnosticLogger(Log, ProjectPath);
        ArtifactPublishResult result;
        try
        {
            result = ArtifactPublisher.Publish(new ArtifactPublishRequest(
                Path.GetFileNameWithoutExtension(ProjectPath),
                Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!,
                new MigrationDiscoveryOptions(MigrationsDirectory, MigrationsRollbackDirectory),
                ExposedSchemas,
                ArtifactDirectory,
                string.IsNullOrWhiteSpace(SdkVersion) ? null : SdkVersion.Trim(),
                ProjectSettings(),
                Environments.Select(DatabaseTask.ToDeclaration).ToList()));
        }
        catch (Exception exception)
        {
            logger.Log(InternalError.Describe(nameof(PublishMigrations), exception));
            Log.LogMessage(MessageImportance.Low, exception.ToString());
            return false;
        }

        logger.LogAll(result.Diagnostics);
        if (result.Succeeded)
        {
            var artifact = Path.TrimEndingDirectorySeparator(Path.GetFullPath(ArtifactDirectory));
            Log.LogMessage(MessageImportance.High, $"Published {result.Manifest!.Migrations.Count} migration(s) to {artifact}; deploy them from any copy of that folder with: dotnet msbuild {Path.Combine(artifact, ArtifactLayout.ProjectFileName)} -t:DeployMigration");
        }

        return result.Succeeded && !Log.HasLoggedErrors;
    }

    /// <summary>
    /// The settings the project itself set. A global property (<c>-p:</c>) is left out, and so is a value that equals an
    /// environment variable of the same name (MSBuild reads those as properties): a CI job's variables describe that
    /// job, not every later deploy of the artifact.
    /// </summary>
    private List<ArtifactSetting> ProjectSettings()
    {
        var global = (BuildEngine as IBuildEngine6)?.GetGlobalProperties() ?? new Dictionary<string, string>();
        return Settings
            .Select(item => new ArtifactSetting(item.ItemSpec, item.GetMetadata("Value")))
            .Where(setting => !global.Keys.Any(name => string.Equals(name, setting.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(setting => !string.Equals(Environment.GetEnvironmentVariable(setting.Name), setting.Value, StringComparison.Ordinal))
            .ToList();
    }
}
