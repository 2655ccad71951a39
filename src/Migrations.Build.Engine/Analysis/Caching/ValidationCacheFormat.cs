using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>
/// The cache file's bytes: a magic and format number, the tool and settings, then counted records for files, units
/// and their diagnostics, and an end marker. Binary with length-prefixed strings because the build loads it on every
/// validating run: at 10,000 pairs the earlier tab-separated text (10 MB, every field split and unescaped) took a
/// third of a second to parse, more than everything else a one-change build then does. Paths and content keys
/// are written once, with the file they belong to. Anything that is not a
/// complete cache of this format (another format number, a foreign or truncated file) reads as null.
/// </summary>
internal static class ValidationCacheFormat
{
    /// <summary>"MBVC": Migrations.Build validation cache.</summary>
    private const int Magic = 0x4356424D;

    /// <summary>Raised whenever the layout changes; 1 was the text format.</summary>
    private const int Version = 2;

    private const int EndMarker = 0x444E45;

    public static void Write(Stream stream, ValidationCacheDocument document)
    {
        using var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(document.Tool);
        writer.Write(document.Settings);
        writer.Write(document.Files.Count);
        var fileIndex = new Dictionary<string, int>(document.Files.Count, StringComparer.Ordinal);
        foreach (var file in document.Files)
        {
            fileIndex.TryAdd(file.Path, fileIndex.Count);
            writer.Write(file.Path);
            writer.Write(file.ContentKey);
            writer.Write((byte)((file.HasStatements ? 1 : 0) | (file.IsIrreversible ? 2 : 0) | (file.Stamp is null ? 0 : 4)));
            if (file.Stamp is { } stamp)
            {
                writer.Write(stamp.Length);
                writer.Write(stamp.ModifiedSeconds);
                writer.Write(stamp.ModifiedNanoseconds);
                writer.Write(stamp.ChangedSeconds);
                writer.Write(stamp.ChangedNanoseconds);
                writer.Write(stamp.Device);
            }
        }

        writer.Write(document.Units.Count);
        foreach (var unit in document.Units)
        {
            writer.Write((int)unit.Role);
            WriteFileReference(writer, document.Files, fileIndex, unit.ForwardPath, unit.ForwardKey);
            writer.Write(unit.RollbackPath is not null);
            if (unit.RollbackPath is not null)
            {
                WriteFileReference(writer, document.Files, fileIndex, unit.RollbackPath, unit.RollbackKey!);
            }

            writer.Write(unit.Diagnostics.Count);
            foreach (var d in unit.Diagnostics)
            {
                WriteDiagnostic(writer, d, file => WritePath(writer, fileIndex, file));
            }
        }

        writer.Write(EndMarker);
    }

    /// <summary>The document, or null when the bytes are not a cache of this format written completely.</summary>
    public static ValidationCacheDocument? Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), leaveOpen: true);
        try
        {
            if (stream.Length < 8 || reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
            {
                return null;
            }

            var tool = reader.ReadString();
            var settings = reader.ReadString();
            var files = new List<CachedFile>(Count(reader, stream));
            for (var index = files.Capacity; index > 0; index--)
            {
                var path = reader.ReadString();
                var key = reader.ReadString();
                var flags = reader.ReadByte();
                FileStamp? stamp = (flags & 4) == 0 ? null
                    : new FileStamp(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
                files.Add(new CachedFile(path, key, (flags & 1) != 0, (flags & 2) != 0, stamp));
            }

            var units = new List<CachedUnit>(Count(reader, stream));
            for (var index = units.Capacity; index > 0; index--)
            {
                var role = Known<MigrationRole>(reader.ReadInt32());
                var (forward, forwardKey) = ReadFileReference(reader, files);
                var (rollback, rollbackKey) = reader.ReadBoolean() ? ReadFileReference(reader, files) : (null, null);
                var diagnostics = new List<CachedDiagnostic>(Count(reader, stream));
                for (var d = diagnostics.Capacity; d > 0; d--)
                {
                    diagnostics.Add(ReadDiagnostic(reader, () => ReadPath(reader, files)));
                }

                units.Add(new CachedUnit(role, forward, forwardKey, rollback, rollbackKey, diagnostics));
            }

            return reader.ReadInt32() == EndMarker && stream.Position == stream.Length
                ? new ValidationCacheDocument { Tool = tool, Settings = settings, Files = files, Units = units }
                : null;
        }
        catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or DecoderFallbackException or FormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>A record count; one larger than the bytes left could hold is corruption (and would allocate a huge list).</summary>
    /// <summary>One diagnostic; its file is written by <paramref name="writePath"/> (the cache writes an index into its files).</summary>
    public static void WriteDiagnostic(BinaryWriter writer, CachedDiagnostic diagnostic, Action<string> writePath)
    {
        writer.Write(diagnostic.Code);
        writer.Write(diagnostic.Title);
        writer.Write((int)diagnostic.DefaultSeverity);
        writer.Write((int)diagnostic.Severity);
        writePath(diagnostic.File);
        writer.Write(diagnostic.Line);
        writer.Write(diagnostic.Column);
        writer.Write(diagnostic.EndLine);
        writer.Write(diagnostic.EndColumn);
        writer.Write(diagnostic.Message);
    }

    /// <summary>What <see cref="WriteDiagnostic"/> wrote; throws <see cref="InvalidDataException"/> for an unknown severity.</summary>
    public static CachedDiagnostic ReadDiagnostic(BinaryReader reader, Func<string> readPath) => new(
        reader.ReadString(),
        reader.ReadString(),
        Known<DiagnosticSeverity>(reader.ReadInt32()),
        Known<DiagnosticSeverity>(reader.ReadInt32()),
        readPath(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadInt32(),
        reader.ReadString());

    /// <summary>A record count, refused when the rest of the stream could not hold that many records.</summary>
    public static int Count(BinaryReader reader, Stream stream)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= stream.Length - stream.Position ? count : throw new InvalidDataException("impossible record count");
    }

    private static T Known<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new InvalidDataException($"unknown {typeof(T).Name} {value}");

    // A unit's files and a diagnostic's file are nearly always files recorded above: they are written as the index of
    // that record (half the cache's size at 10,000 pairs, and as many strings fewer to read), -1 and the text otherwise.
    private static void WriteFileReference(BinaryWriter writer, List<CachedFile> files, Dictionary<string, int> fileIndex, string path, string key)
    {
        if (fileIndex.TryGetValue(path, out var index) && files[index].ContentKey == key)
        {
            writer.Write(index);
            return;
        }

        writer.Write(-1);
        writer.Write(path);
        writer.Write(key);
    }

    private static (string Path, string Key) ReadFileReference(BinaryReader reader, List<CachedFile> files)
    {
        var index = reader.ReadInt32();
        return index == -1 ? (reader.ReadString(), reader.ReadString()) : (files[Index(index, files)].Path, files[index].ContentKey);
    }

    private static void WritePath(BinaryWriter writer, Dictionary<string, int> fileIndex, string path)
    {
        if (fileIndex.TryGetValue(path, out var index))
        {
            writer.Write(index);
            return;
        }

        writer.Write(-1);
        writer.Write(path);
    }

    private static string ReadPath(BinaryReader reader, List<CachedFile> files)
    {
        var index = reader.ReadInt32();
        return index == -1 ? reader.ReadString() : files[Index(index, files)].Path;
    }

    private static int Index(int index, List<CachedFile> files) =>
        index >= 0 && index < files.Count ? index : throw new InvalidDataException("file reference out of range");
}
