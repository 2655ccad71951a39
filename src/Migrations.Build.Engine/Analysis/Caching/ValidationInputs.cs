using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>
/// A hash of exactly what validation's outcome depends on in the migration folders, for <see cref="ValidationManifest"/>:
/// each folder's entries that discovery looks at (the <c>.sql</c> names directly in it, each file with its
/// <see cref="FileStamp"/>, a folder as a folder) and the names of the <c>.sql</c> files below the subfolders that the
/// search for misplaced migrations walks (MIG0008 reads only their names). Build output and hidden folders are left out,
/// as discovery leaves them, so a validation cache kept inside the migrations folder does not change it.
/// </summary>
internal static class ValidationInputs
{
    /// <summary>From how many files stamping runs on every core.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>
    /// The hash, or null when a file directly in a folder has no stamp (every file on Windows; a pipe, socket, device or
    /// broken link) or a stamp that has not settled (<see cref="ValidationCache.SettleMargin"/>): then an unchanged hash
    /// could not stand for unchanged contents.
    /// </summary>
    public static string? Fingerprint(MigrationDiscoveryOptions options, string settings, DateTimeOffset now)
    {
        var forward = Path.GetFullPath(options.ForwardDirectory);
        var rollback = Path.GetFullPath(options.EffectiveRollbackDirectory);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, settings);
        return AppendFolder(hash, forward, now) && (options.RollbacksBesideForwards || AppendFolder(hash, rollback, now))
            ? Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()
            : null;
    }

    private static bool AppendFolder(IncrementalHash hash, string directory, DateTimeOffset now)
    {
        Append(hash, "\n" + directory);
        if (!Directory.Exists(directory))
        {
            Append(hash, " (missing)");
            return true;
        }

        var entries = Directory.EnumerateFileSystemEntries(directory).Where(path => MigrationDiscovery.IsCandidateName(Path.GetFileName(path))).ToList();
        entries.Sort(StringComparer.Ordinal);
        var stamps = new FileStamp?[entries.Count];
        ParallelWork.For(entries.Count, ParallelThreshold, index => stamps[index] = FileStamp.Read(entries[index]));
        for (var index = 0; index < entries.Count; index++)
        {
            Append(hash, "\n" + Path.GetFileName(entries[index]));
            if (stamps[index] is { } stamp && stamp.IsSettled(now, ValidationCache.SettleMargin))
            {
                stamp.AppendTo(hash);
            }
            else if (stamps[index] is null && Directory.Exists(entries[index]))
            {
                Append(hash, "/");
            }
            else
            {
                return false;
            }
        }

        var below = new List<string>();
        foreach (var subfolder in Directory.EnumerateDirectories(directory).Where(MigrationDiscovery.IsSearchedSubfolder))
        {
            below.AddRange(SubfolderSearch.SqlFilesBelow(subfolder));
        }

        below.Sort(StringComparer.Ordinal);
        foreach (var path in below)
        {
            Append(hash, "\n" + path);
        }

        return true;
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            hash.AppendData(buffer, 0, Encoding.UTF8.GetBytes(text, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
