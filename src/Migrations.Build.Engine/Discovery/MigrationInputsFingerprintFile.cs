using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Keeps the file that holds <see cref="MigrationInputsFingerprint"/> (obj/…/migrations/validation.fingerprint) in step
/// with the migration folders. The build's up-to-date check for ValidateMigrations compares that file's time with the
/// validation stamp, so the file must never be left holding an old fingerprint: that would skip validation of a changed
/// migration without a word.
/// </summary>
public static class MigrationInputsFingerprintFile
{
    /// <summary>What <see cref="Refresh"/> did: an error when the file could be neither updated nor removed, and a note for the build log.</summary>
    public sealed record Outcome(Diagnostic? Error, string? Note);

    /// <summary>
    /// Computes the fingerprint and writes it to <paramref name="file"/> when it differs from what the file holds (an
    /// unchanged file keeps its time, so the check sees no change). When the folders cannot be read or the file cannot
    /// be written, the file is deleted instead: a missing input makes MSBuild run the target, so validation runs. Only
    /// when it can be neither written nor deleted does this fail, with MIG0020 — the one case where the next build could
    /// otherwise trust a stale fingerprint.
    /// </summary>
    public static Outcome Refresh(string forwardDirectory, string? rollbackDirectory, string settings, string file)
    {
        try
        {
            var fingerprint = MigrationInputsFingerprint.Compute(forwardDirectory, rollbackDirectory, settings);
            var existing = File.Exists(file) ? File.ReadAllText(file) : null;
            if (existing != fingerprint)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                File.WriteAllText(file, fingerprint);
            }

            return new Outcome(null, null);
        }
        catch (Exception writeFailure) when (writeFailure is IOException or UnauthorizedAccessException)
        {
            // .NET's messages end in a full stop; the reason is quoted inside a sentence.
            return Remove(file, writeFailure.Message.TrimEnd('.'));
        }
    }

    private static Outcome Remove(string file, string writeFailure)
    {
        if (Directory.Exists(file))
        {
            return new Outcome(Stale(file, $"{writeFailure}; a folder is in its place"), null);
        }

        try
        {
            // Checked first: deleting a path whose folder is missing or is a file throws, though nothing is there.
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
        catch (Exception deleteFailure) when (deleteFailure is IOException or UnauthorizedAccessException)
        {
            return new Outcome(Stale(file, $"{writeFailure}; deleting it: {deleteFailure.Message.TrimEnd('.')}"), null);
        }

        return new Outcome(null, $"Could not fingerprint the migrations ({writeFailure}); validation runs.");
    }

    private static Diagnostic Stale(string file, string reason) => new(
        DiagnosticCatalog.ValidationFingerprintUnwritable,
        SourceLocation.None,
        $"Cannot update or remove the validation fingerprint '{Path.GetFullPath(file)}' ({reason}), so the build cannot tell whether a migration changed since it was last validated. Make the folder writable, or delete what is at that path, and build again.");
}
