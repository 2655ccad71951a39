using Migrations.Build.Engine.Artifacts;
using Migrations.Build.Engine.Commands;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Migrations.Build.Tasks;

/// <summary>
/// Inside a publish artifact: proves the folder is exactly what its manifest lists before anything reads a migration.
/// Shared by <see cref="VerifyMigrationsArtifact"/> and the database tasks, which run it first in their own task host
/// so a database target from an artifact starts one task host, not two.
/// </summary>
internal static class ArtifactCheck
{
    public static bool Passes(TaskLoggingHelper log, string manifest, string? projectPath, string taskName)
    {
        var logger = new DiagnosticLogger(log, projectPath);
        try
        {
            logger.LogAll(ArtifactVerifier.Verify(manifest, projectPath));
        }
        catch (Exception exception)
        {
            logger.Log(InternalError.Describe(taskName, exception));
            log.LogMessage(MessageImportance.Low, exception.ToString());
            return false;
        }

        if (log.HasLoggedErrors)
        {
            return false;
        }

        log.LogMessage(MessageImportance.Normal, $"The artifact matches its manifest {manifest}.");
        return true;
    }
}
