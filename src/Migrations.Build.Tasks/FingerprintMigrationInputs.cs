using Migrations.Build.Engine.Discovery;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>
/// Writes <see cref="MigrationInputsFingerprint"/> of the migration folders to <see cref="File"/> when it differs from
/// what the file holds, so the file is newer than the validation stamp exactly when a migration was added, removed,
/// renamed or edited, or a setting changed: ValidateMigrations' only per-project input besides the tool itself. Runs in
/// the build's own process, with ValidateMigrations (<c>_MigrationsValidateInBuildProcess</c>). Fails (MIG0020) only
/// when the file can be neither updated nor removed (<see cref="MigrationInputsFingerprintFile"/>).
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

    /// <summary>The project file, which MIG0020 points at.</summary>
    public string? ProjectPath { get; set; }

    public override bool Execute()
    {
        var outcome = MigrationInputsFingerprintFile.Refresh(MigrationsDirectory, MigrationsRollbackDirectory, Settings, File);
        if (outcome.Note is { } note)
        {
            Log.LogMessage(MessageImportance.Low, note);
        }

        if (outcome.Error is { } error)
        {
            new DiagnosticLogger(Log, ProjectPath).Log(error);
        }

        return !Log.HasLoggedErrors;
    }
}
