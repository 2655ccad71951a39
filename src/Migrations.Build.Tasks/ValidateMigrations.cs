using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Discovery;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Migrations.Build.Tasks;

/// <summary>
/// Checks that every migration is well named, paired with its rollback, readable and lexically sound SQL; fails the
/// build otherwise.
/// Returns nothing: it runs in a task host, which sends every <c>[Output]</c> back across the process boundary
/// whether a target reads it or not, and no target read the items it once returned (one per pair, seven metadata
/// each). The database targets validate again themselves.
/// </summary>
public sealed class ValidateMigrations : Microsoft.Build.Utilities.Task
{
    /// <summary>The folder with the forward files, absolute or relative to the project.</summary>
    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    /// <summary>The folder with the rollback files; empty means the forward folder.</summary>
    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary><c>MigrationsExposedSchemas</c> with the SDK's Supabase default applied: where MIG0309 asks for row level security.</summary>
    public string? ExposedSchemas { get; set; }

    /// <summary>The project file, which diagnostics without a file of their own point at.</summary>
    public string? ProjectPath { get; set; }

    /// <summary>The project's obj/…/migrations folder: where the validation cache the database targets reuse lives.</summary>
    public string? ValidationCacheDirectory { get; set; }

    public override bool Execute()
    {
        MigrationValidation validation;
        try
        {
            validation = MigrationValidator.Validate(
                new MigrationDiscoveryOptions(MigrationsDirectory, MigrationsRollbackDirectory) { UntouchedTemplatesAreWarnings = true, TrustUnchangedFileStamps = true },
                SafetyLintOptions.FromExposedSchemasProperty(ExposedSchemas),
                ValidationCacheDirectory);
        }
        catch (Exception exception)
        {
            // Validation expects every bad input; anything else is a bug, reported as one line, not MSB4018.
            new DiagnosticLogger(Log, ProjectPath).Log(InternalError.Describe(nameof(ValidateMigrations), exception));
            Log.LogMessage(MessageImportance.Low, exception.ToString());
            return false;
        }

        foreach (var note in validation.CacheNotes)
        {
            Log.LogMessage(MessageImportance.Low, note);
        }

        new DiagnosticLogger(Log, ProjectPath).LogAll(validation.Diagnostics);
        Log.LogMessage(MessageImportance.Normal, $"Validated {validation.Set.Pairs.Count} migration(s) in {Path.GetFullPath(MigrationsDirectory)}.");
        return !Log.HasLoggedErrors;
    }
}
