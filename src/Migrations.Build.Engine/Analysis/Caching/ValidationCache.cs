using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>
/// Remembers, per file content, what validation learned, so the build's ValidateMigrations and every database target
/// after it lex and analyse only the files that changed. Cross-file rules (pairing, duplicate versions, empty files,
/// misplaced files) are not cached: they run on the whole set every time.
/// </summary>
/// <remarks>
/// Why a hit is safe. The database targets still read every file's bytes, decode them and compute their checksum; the
/// cache is looked up by the path AND a key computed from those bytes (<see cref="ContentKey"/>), never by a length or a
/// modification time, which an editor, a checkout or a restored backup can keep while the bytes change. So for them an
/// entry only ever stands for the exact text this run holds in memory, and that same text is what a deploy applies and
/// what its checksum (recorded in history) is computed from: nothing can reach a database that this run did not read
/// and that was not validated as exactly those bytes, by this build of the engine (<see cref="ToolIdentity"/>) with
/// these lint settings. What the cache saves them is the lexing and the analysis, which are most of validation's cost.
/// ValidateMigrations, the build's lint, goes one step further (<see cref="Discovery.MigrationDiscoveryOptions.TrustUnchangedFileStamps"/>):
/// a file whose <see cref="FileStamp"/> (size, modification and change time to the nanosecond, device) is what was
/// recorded when its content was last read is not read again. The stamp is taken before the bytes are read, so a write
/// during the read leaves a stamp that no longer matches; it is not recorded at all while the file's times are within
/// <see cref="SettleMargin"/> of now (a file system with coarse times could otherwise hide a second write). A program
/// can restore a modification time but not a change time (the kernel sets it on every write), so only a rewrite that
/// also sets the system clock back, or a write to the raw device, goes unseen; on Windows, which exposes no change
/// time, no stamp is recorded and every file is read. That limit is the lint's only: a deploy, a test and a publish
/// read and checksum the bytes they use, validate them, and correct the cache entry as they go.
/// A deploy trusts stamps too, for the files it does NOT apply: an applied migration's checksum, compared with its
/// history row to catch drift (MIG1006, MIG1014), may come from a stamp-trusted entry (only one whose content key is the
/// checksum itself). What it then cannot see is the same limit as the lint's: an edit that keeps size, modification
/// time, change time and device, which needs the clock set back (root), and the file is never run again anyway. Every
/// file it applies is read in that run, after the plan, and applied only if its bytes are the content validated
/// (<see cref="Discovery.MigrationDiscovery.ReadToApply"/>; else MIG1034): the argument above holds for them unchanged.
/// A cache that cannot be read, is corrupt, or was written by another build is ignored and rewritten: it is an
/// optimisation, never a reason to fail.
/// </remarks>
internal sealed class ValidationCache
{
    public const string FileName = "validation.cache";

    private const string RawKeyPrefix = "raw:";

    /// <summary>How old a file's times must be before its stamp is recorded: more than the coarsest common file system granularity (2 s, FAT).</summary>
    public static readonly TimeSpan SettleMargin = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, CachedFile> knownFiles;
    private readonly Dictionary<string, CachedUnit> knownUnits;
    private readonly ConcurrentDictionary<string, CachedFile> currentFiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedUnit> currentUnits = new(StringComparer.Ordinal);
    private readonly string path;
    private readonly TimeProvider clock;
    private readonly string settings;
    private int reusedUnitFiles;
    private int unreadFiles;
    private int checkedUnitFiles;
    private bool changed;

    private ValidationCache(string path, string settings, ValidationCacheDocument? document, TimeProvider clock)
    {
        this.clock = clock;
        this.path = path;
        this.settings = settings;
        knownFiles = new Dictionary<string, CachedFile>(document?.Files.Count ?? 0, StringComparer.Ordinal);
        foreach (var file in document?.Files ?? [])
        {
            knownFiles.TryAdd(file.Path, file);
        }

        knownUnits = new Dictionary<string, CachedUnit>(document?.Units.Count ?? 0, StringComparer.Ordinal);
        foreach (var unit in document?.Units ?? [])
        {
            knownUnits.TryAdd(unit.Key, unit);
        }

        changed = document is null;
    }

    /// <summary>Why the stored cache was not used (unreadable, corrupt, another build); null when it was, or there was none.</summary>
    public string? IgnoredBecause { get; private set; }

    /// <summary>The files this run did not read because their stamp was unchanged (ValidateMigrations only).</summary>
    public int UnreadFiles => unreadFiles;

    /// <summary>The files whose analysis this run took from the cache, and all the files it analysed or took.</summary>
    public (int Reused, int Total) Reuse => (reusedUnitFiles, reusedUnitFiles + checkedUnitFiles);

    /// <summary>Identifies this build of the engine: its module version id changes with every compilation.</summary>
    public static string ToolIdentity { get; } = typeof(ValidationCache).Assembly.ManifestModule.ModuleVersionId.ToString("N")
        + "/" + (typeof(ValidationCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty);

    /// <summary>Opens the cache in <paramref name="directory"/>; never throws.</summary>
    public static ValidationCache Open(string directory, SafetyLintOptions lint, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        var settings = "exposed=" + string.Join(";", lint.ExposedSchemas);
        if (!File.Exists(path))
        {
            return new ValidationCache(path, settings, null, clock);
        }

        string? reason;
        try
        {
            ValidationCacheDocument? document;
            using (var stream = new MemoryStream(File.ReadAllBytes(path), writable: false))
            {
                document = ValidationCacheFormat.Read(stream);
            }

            reason = document is null ? "it is not a complete validation cache"
                : document.Tool != ToolIdentity ? "it was written by another build of Migrations.Build"
                : document.Settings != settings ? "it was written with other MigrationsExposedSchemas"
                : null;
            if (reason is null)
            {
                return new ValidationCache(path, settings, document, clock);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = $"it cannot be read ({exception.Message})";
        }

        return new ValidationCache(path, settings, null, clock) { IgnoredBecause = $"Ignored the validation cache '{path}' because {reason}; every file is validated and the cache is rewritten." };
    }

    /// <summary>
    /// The identity of a file's text for the cache: its checksum when that is a plain SHA-256 of the bytes (no CR to
    /// normalise), otherwise a SHA-256 of the raw bytes, because CRLF and LF texts share a checksum but not a text.
    /// </summary>
    public static string ContentKey(ReadOnlySpan<byte> bytes, string checksum) =>
        bytes.IndexOf((byte)'\r') < 0 ? checksum : RawKeyPrefix + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>Whether a content key is the file's checksum itself (<see cref="ContentKey"/>), as it is for every file without CR.</summary>
    public static bool IsChecksum(string contentKey) => !contentKey.StartsWith(RawKeyPrefix, StringComparison.Ordinal);

    public static string UnitKey(MigrationRole role, string forwardPath, string forwardKey, string? rollbackPath, string? rollbackKey) =>
        $"{role}\n{forwardPath}\n{forwardKey}\n{rollbackPath}\n{rollbackKey}";

    /// <summary>
    /// What discovery learned from this exact content before, or null. <paramref name="stamp"/> is the file's stamp taken
    /// before its bytes were read: it replaces the recorded one, so a later run may trust it.
    /// </summary>
    public CachedFile? FindFile(string filePath, string contentKey, FileStamp? stamp)
    {
        var found = knownFiles.GetValueOrDefault(filePath) is { } file && file.ContentKey == contentKey ? file : null;
        if (found is not null)
        {
            var restamped = found with { Stamp = Trustworthy(stamp) };
            if (restamped.Stamp != found.Stamp)
            {
                changed = true;
            }

            currentFiles[filePath] = restamped;
        }

        return found;
    }

    /// <summary>
    /// What was learned from the file at <paramref name="filePath"/> when it had exactly this stamp, or null: the
    /// caller may then skip reading it (ValidateMigrations, and DeployMigration for the files it does not apply; see the remarks of this class). Never for a file without
    /// statements: whether it is still NewMigration's template is decided from its text, so it is read.
    /// </summary>
    /// <param name="withChecksum">Only when the entry's content key is the file's checksum (<see cref="IsChecksum"/>).</param>
    public CachedFile? FindUnchanged(string filePath, FileStamp stamp, bool withChecksum = false)
    {
        if (knownFiles.GetValueOrDefault(filePath) is not { Stamp: { } recorded, HasStatements: true } file || recorded != stamp
            || (withChecksum && !IsChecksum(file.ContentKey)))
        {
            return null;
        }

        currentFiles[filePath] = file;
        Interlocked.Increment(ref unreadFiles);
        return file;
    }

    /// <summary>The stamp as it may be recorded: null while the file is too fresh to trust (<see cref="SettleMargin"/>).</summary>
    private FileStamp? Trustworthy(FileStamp? stamp) =>
        stamp is { } value && value.IsSettled(clock.GetUtcNow(), SettleMargin) ? value : null;

    public void RememberFile(CachedFile file)
    {
        currentFiles[file.Path] = file with { Stamp = Trustworthy(file.Stamp) };
        changed = true;
    }

    /// <summary>The diagnostics of a unit whose files all have usable content, when they were found for these contents.</summary>
    public List<Diagnostic>? FindUnit(MigrationFile forward, MigrationFile? rollback)
    {
        var key = KeyOf(forward, rollback);
        var files = rollback is null ? 1 : 2;
        if (key is not null && knownUnits.TryGetValue(key, out var unit))
        {
            currentUnits[key] = unit;
            Interlocked.Add(ref reusedUnitFiles, files);
            return unit.Diagnostics.Select(diagnostic => diagnostic.ToDiagnostic()).ToList();
        }

        Interlocked.Add(ref checkedUnitFiles, files);
        return null;
    }

    public void RememberUnit(MigrationFile forward, MigrationFile? rollback, List<Diagnostic> diagnostics)
    {
        if (KeyOf(forward, rollback) is { } key)
        {
            currentUnits[key] = new CachedUnit(forward.Role, forward.Path, forward.ContentKey!, rollback?.Path, rollback?.ContentKey, diagnostics.Select(CachedDiagnostic.From).ToList());
            changed = true;
        }
    }

    /// <summary>
    /// Writes what this run holds (entries of deleted or changed files dropped) when anything differs from what was read;
    /// through a temporary file renamed over the old one, so a reader never sees half a cache. Returns why it could
    /// not be written, or null.
    /// </summary>
    public string? Save()
    {
        if (!changed && currentFiles.Count == knownFiles.Count && currentUnits.Count == knownUnits.Count)
        {
            return null;
        }

        var document = new ValidationCacheDocument
        {
            Tool = ToolIdentity,
            Settings = settings,
            Files = [.. currentFiles.Values.OrderBy(file => file.Path, StringComparer.Ordinal)],
            Units = [.. currentUnits.Values.OrderBy(unit => unit.Key, StringComparer.Ordinal)],
        };
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 }))
            {
                ValidationCacheFormat.Write(stream, document);
            }

            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            TryDelete(temporary);
            return $"Could not write the validation cache '{path}' ({exception.Message}); the next run validates every file again.";
        }
    }

    private static string? KeyOf(MigrationFile forward, MigrationFile? rollback) =>
        forward.ContentKey is null || (rollback is not null && rollback.ContentKey is null)
            ? null
            : UnitKey(forward.Role, forward.Path, forward.ContentKey, rollback?.Path, rollback?.ContentKey);

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless; the next successful write does not depend on it.
        }
    }
}
