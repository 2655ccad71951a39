using Migrations.Build.Engine.Discovery;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>
/// Writes <see cref="MigrationInputsFingerprint"/> of the migration folders to <see cref="File"/> when it differs from
/// what the file holds, so the file is newer than the validation stamp exactly when a migration was added, removed,
/// renamed or edited, or a setting changed: ValidateMigrations' only per-project input besides the tool itself. Runs in
/// the build's own process, with ValidateMigrations (<c>_MigrationsValidateInBuildProcess</c>).
/// </summary>
public sealed class FingerprintMigrationInputs : Microsoft.Build.Utilities.Task
{
    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary>The settings that change validation's outcome, as one line.</summary>
    public string Settings { get; set; } = string.Empty;

    /// <summary>The file that holds the fingerprint (obj/…/migrations/validation.fingerprint).</summary>
    [Required]
    public string File { get; set; } = string.Empty;

    public override bool Execute()
    {
        try
        {
            var fingerprint = MigrationInputsFingerprint.Compute(MigrationsDirectory, MigrationsRollbackDirectory, Settings);
            var existing = System.IO.File.Exists(File) ? System.IO.File.ReadAllText(File) : null;
            if (existing != fingerprint)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(File))!);
                System.IO.File.WriteAllText(File, fingerprint);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Without a fingerprint the up-to-date check cannot be trusted: delete it so validation runs, and say why.
            Log.LogMessage(MessageImportance.Low, $"Could not fingerprint the migrations ({exception.Message}); validation runs.");
            TryDelete();
        }

        return true;
    }

    private void TryDelete()
    {
        try
        {
            System.IO.File.Delete(File);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, $"Could not delete '{File}' ({exception.Message}).");
        }
    }
}
