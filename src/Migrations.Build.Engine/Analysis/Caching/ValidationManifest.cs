using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>
/// The last validation of the migration folders that passed, kept beside the validation cache under the fingerprint
/// of its inputs (<see cref="ValidationInputs"/>: every file discovery looks at with its stamp, the names below the
/// subfolders it searches, plus this build of the engine and the settings that decide the outcome). A deploy whose folders fingerprint the same takes the pairs,
/// their checksums and the warnings from here, instead of parsing 20,000 file names, loading the per-file cache, looking
/// up each stamp and each unit, and pairing again: at 10,000 migrations that was ≈0.3 s of every deploy with nothing to do.
/// </summary>
/// <remarks>
/// Why a hit is sound: it rests on exactly what <see cref="ValidationCache"/>'s per-file stamp trust rests on, applied
/// to the whole folder at once. The fingerprint is computed before the validation it is stored with reads anything, so
/// a file written during that validation leaves a stamp that no longer matches; there is none (nothing is reused or
/// stored) unless every file has a stamp that has settled (<see cref="ValidationCache.SettleMargin"/>); the listing is
/// part of it, so adding, removing or renaming any file (a misplaced one in a subfolder included) misses. A file's change time is set by the kernel on every write, so content that changed keeps no old stamp short
/// of setting the clock back. Only validations without errors are stored, and only when every file's content key is
/// its checksum, so each file of a hit is an unread file that carries the checksum a deploy compares with history —
/// and the files a deploy applies are read and checked against that content before anything runs (MIG1034), as for
/// any unread file. A manifest that cannot be read, is damaged or was written for other inputs is ignored.
/// </remarks>
internal sealed class ValidationManifest
{
    public const string FileName = "validation.manifest";

    private const int Magic = 0x464D424D;

    private const int FormatVersion = 1;

    private const int EndMarker = 0x444E45;

    private readonly string path;

    // Null when the inputs cannot be fingerprinted in a way that stands for their contents: then nothing is reused or stored.
    private readonly string? fingerprint;

    private ValidationManifest(string path, string? fingerprint)
    {
        this.path = path;
        this.fingerprint = fingerprint;
    }

    /// <summary>Fingerprints the folders now, before validation reads any file; never throws.</summary>
    public static ValidationManifest Open(string directory, MigrationDiscoveryOptions options, SafetyLintOptions lint, TimeProvider clock)
    {
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        var settings = string.Join(
            "\n",
            ValidationCache.ToolIdentity,
            "exposed=" + string.Join(";", lint.ExposedSchemas),
            "forward=" + Path.GetFullPath(options.ForwardDirectory),
            "rollback=" + Path.GetFullPath(options.EffectiveRollbackDirectory),
            "templates-are-warnings=" + options.UntouchedTemplatesAreWarnings);
        try
        {
            return new ValidationManifest(path, ValidationInputs.Fingerprint(options, settings, clock.GetUtcNow()));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ValidationManifest(path, null);
        }
    }

    /// <summary>The stored validation when it was stored for exactly these inputs; otherwise null.</summary>
    public MigrationValidation? TryReuse()
    {
        if (fingerprint is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(File.ReadAllBytes(path), writable: false);
            using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), leaveOpen: true);
            return stream.Length >= 8 && reader.ReadInt32() == Magic && reader.ReadInt32() == FormatVersion && reader.ReadString() == fingerprint
                ? Read(reader, stream)
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or EndOfStreamException or InvalidDataException or DecoderFallbackException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores <paramref name="validation"/> under the fingerprint taken when this was opened, when it may stand for
    /// these inputs (see the remarks); otherwise removes a stored one, which no longer matches anyway. Never throws.
    /// </summary>
    public void Remember(MigrationValidation validation)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            if (fingerprint is null || !IsStorable(validation))
            {
                File.Delete(path);
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 }))
            {
                Write(stream, validation);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Only an optimisation: the next deploy validates as it would have without it.
            TryDelete(temporary);
        }
    }

    /// <summary>
    /// No errors; every file in a pair, in its role and named as its pair (so a pair and its files share one name record), with a
    /// content key that is its checksum (so an unread file still carries it). Anything else is validated every time.
    /// </summary>
    private static bool IsStorable(MigrationValidation validation) =>
        !validation.HasErrors
        && validation.Set.Pairs.Sum(pair => pair.Rollback is null ? 1 : 2) == validation.Set.Files.Count
        && validation.Set.Pairs.All(pair =>
            pair.Version == pair.Forward.FileName.Version
            && pair.Name == pair.Forward.FileName.Name
            && pair.Forward.Role == MigrationRole.Forward
            && (pair.Rollback is null || (pair.Rollback.FileName == pair.Forward.FileName && pair.Rollback.Role == MigrationRole.Rollback))
            && new[] { pair.Forward, pair.Rollback }.All(file => file is null || (file.ContentKey is { } key && ValidationCache.IsChecksum(key))));

    // Pair by pair, each pair's name once: half the strings of a file-by-file record, which is most of reading it back.
    private void Write(Stream stream, MigrationValidation validation)
    {
        using var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(fingerprint!);
        var pairs = validation.Set.Pairs;
        var position = new Dictionary<MigrationFile, int>(validation.Set.Files.Count, ReferenceEqualityComparer.Instance);
        writer.Write(pairs.Count);
        for (var index = 0; index < pairs.Count; index++)
        {
            var pair = pairs[index];
            writer.Write(pair.Version);
            writer.Write(pair.Name);
            writer.Write(pair.Forward.FileName.Timestamp.Ticks);
            writer.Write(pair.IsIrreversible);
            WriteFile(writer, pair.Forward);
            position.Add(pair.Forward, 2 * index);
            writer.Write(pair.Rollback is not null);
            if (pair.Rollback is not null)
            {
                WriteFile(writer, pair.Rollback);
                position.Add(pair.Rollback, (2 * index) + 1);
            }
        }

        // The files in discovery's order, as positions in the pairs above.
        writer.Write(validation.Set.Files.Count);
        foreach (var file in validation.Set.Files)
        {
            writer.Write(position[file]);
        }

        // Discovery's own diagnostics are a part of all of them; a flag says which, so both lists come back as they were.
        var fromDiscovery = validation.Set.Diagnostics.ToHashSet(ReferenceEqualityComparer.Instance);
        writer.Write(validation.Diagnostics.Count);
        foreach (var diagnostic in validation.Diagnostics)
        {
            writer.Write(fromDiscovery.Contains(diagnostic));
            ValidationCacheFormat.WriteDiagnostic(writer, CachedDiagnostic.From(diagnostic), writer.Write);
        }

        writer.Write(EndMarker);
    }

    private static void WriteFile(BinaryWriter writer, MigrationFile file)
    {
        writer.Write(file.Path);
        writer.Write(file.ContentKey!);
        writer.Write((byte)((file.HasStatements ? 1 : 0) | (file.IsIrreversible ? 2 : 0)));
    }

    private static MigrationValidation? Read(BinaryReader reader, Stream stream)
    {
        var pairs = new MigrationPair[ValidationCacheFormat.Count(reader, stream)];
        for (var index = 0; index < pairs.Length; index++)
        {
            var (version, name) = (reader.ReadString(), reader.ReadString());
            var fileName = new MigrationFileName(version, name, new DateTime(reader.ReadInt64(), DateTimeKind.Utc));
            var irreversible = reader.ReadBoolean();
            var forward = ReadFile(reader, fileName, MigrationRole.Forward);
            pairs[index] = new MigrationPair(version, name, forward, reader.ReadBoolean() ? ReadFile(reader, fileName, MigrationRole.Rollback) : null, irreversible);
        }

        var files = new MigrationFile[ValidationCacheFormat.Count(reader, stream)];
        for (var index = 0; index < files.Length; index++)
        {
            var position = reader.ReadInt32();
            var pair = position >= 0 && position / 2 < pairs.Length ? pairs[position / 2] : throw new InvalidDataException("file reference out of range");
            files[index] = (position % 2 == 0 ? pair.Forward : pair.Rollback) ?? throw new InvalidDataException("file reference to a missing rollback");
        }

        var all = new List<Diagnostic>(ValidationCacheFormat.Count(reader, stream));
        var discovery = new List<Diagnostic>();
        for (var index = all.Capacity; index > 0; index--)
        {
            var fromDiscovery = reader.ReadBoolean();
            var diagnostic = ValidationCacheFormat.ReadDiagnostic(reader, reader.ReadString).ToDiagnostic();
            all.Add(diagnostic);
            if (fromDiscovery)
            {
                discovery.Add(diagnostic);
            }
        }

        return reader.ReadInt32() == EndMarker && stream.Position == stream.Length
            ? new MigrationValidation(new MigrationSet(pairs, files, discovery), all)
            {
                CacheNotes =
                [
                    $"Reused validation of {files.Length} of {files.Length} files; {files.Length} were not read (size, modification and change time unchanged since they were).",
                    "Nothing under the migration folders changed since their last validation that passed (validation.manifest), so it was reused whole.",
                ],
            }
            : null;
    }

    private static MigrationFile ReadFile(BinaryReader reader, MigrationFileName fileName, MigrationRole role)
    {
        var filePath = reader.ReadString();
        var contentKey = reader.ReadString();
        var flags = reader.ReadByte();
        return new MigrationFile(filePath, fileName, role, null, null)
        {
            IsUnread = true,
            ContentKey = contentKey,
            HasStatements = (flags & 1) != 0,
            IsIrreversible = (flags & 2) != 0,
        };
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless.
        }
    }
}
