using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Commands;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>In a publish artifact, fails before any target reads a migration when the folder differs from its manifest.</summary>
public sealed class VerifyMigrationsArtifact : Microsoft.Build.Utilities.Task
{
    /// <summary>The artifact's migrations.json.</summary>
    [Required]
    public string Manifest { get; set; } = string.Empty;

    public string? ProjectPath { get; set; }

    public override bool Execute()
    {
        var logger = new DiagnosticLogger(Log, ProjectPath);
        try
        {
            logger.LogAll(ArtifactVerifier.Verify(Manifest, ProjectPath));
        }
        catch (Exception exception)
        {
            logger.Log(InternalError.Describe(nameof(VerifyMigrationsArtifact), exception));
            Log.LogMessage(MessageImportance.Low, exception.ToString());
            return false;
        }

        if (!Log.HasLoggedErrors)
        {
            Log.LogMessage(MessageImportance.Normal, $"The artifact matches its manifest {Manifest}.");
        }

        return !Log.HasLoggedErrors;
    }
}
