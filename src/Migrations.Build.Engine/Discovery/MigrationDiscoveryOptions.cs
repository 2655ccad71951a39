namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Where to look. The rollback directory defaults to the forward directory; a separate one keeps tools such as the
/// Supabase CLI from reading rollbacks as migrations.
/// </summary>
public sealed record MigrationDiscoveryOptions(string ForwardDirectory, string? RollbackDirectory = null)
{
    /// <summary>
    /// A file that is still exactly NewMigration's template is a warning (MIG0019) rather than an empty migration
    /// (MIG0005): on for the build (and status), so <c>dotnet build</c> passes right after NewMigration; off for the
    /// targets that change a database, which must never apply or prove a migration that does nothing.
    /// </summary>
    public bool UntouchedTemplatesAreWarnings { get; init; }

    /// <summary>
    /// With a validation cache: a file whose stamp (size, modification and change time, device) is what the cache
    /// recorded when its content was last read is not read again, and its recorded facts and diagnostics are reported.
    /// On for ValidateMigrations, the build's lint, where reading 20,000 files was most of a one-change build, and for
    /// DeployMigration, which reads the files it applies after its plan (<see cref="UnreadFilesKeepChecksums"/>); never
    /// for the targets that prove, roll back or publish a migration, which read and checksum every byte they use. Why a
    /// stamp is trustworthy, and its one limit, are in the remarks of <c>ValidationCache</c>.
    /// </summary>
    public bool TrustUnchangedFileStamps { get; init; }

    /// <summary>
    /// With <see cref="TrustUnchangedFileStamps"/>: a file is left unread only when its cached content key is its
    /// checksum (it has no CR), so an unread file still carries the checksum a deploy compares with history. On for
    /// DeployMigration, which trusts stamps only for the files it does not apply (it reads the rest after its plan).
    /// </summary>
    internal bool UnreadFilesKeepChecksums { get; init; }

    /// <summary>
    /// With a validation cache: when nothing under the folders changed (same paths, same stamps) since a validation that
    /// passed, that validation is reused whole (<c>ValidationManifest</c>), every file unread. On for DeployMigration only,
    /// with <see cref="TrustUnchangedFileStamps"/> and <see cref="UnreadFilesKeepChecksums"/>: it reads the files it
    /// applies after its plan, so this trusts stamps exactly where those two do, for the folder at once.
    /// </summary>
    internal bool ReuseUnchangedFolders { get; init; }

    /// <summary>
    /// From how many files (and units of analysis) up reading and analysis run on every core; below it, starting the
    /// parallel loop costs more than it saves. Tests set 0 (always parallel) or int.MaxValue (never) to compare both.
    /// </summary>
    internal int ParallelThreshold { get; init; } = 64;

    public string EffectiveRollbackDirectory => string.IsNullOrEmpty(RollbackDirectory) ? ForwardDirectory : RollbackDirectory;

    public bool RollbacksBesideForwards =>
        string.Equals(Normalise(ForwardDirectory), Normalise(EffectiveRollbackDirectory), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Normalise(string directory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
}
