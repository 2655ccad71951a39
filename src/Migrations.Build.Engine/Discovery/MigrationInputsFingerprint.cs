using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// One hash over everything validation's outcome depends on: every path under the migration folders (so an added,
/// removed or renamed file changes it), each file's <see cref="FileStamp"/> (so an edit does), and the settings line
/// the caller passes. The build's up-to-date check compares this one value instead of MSBuild globbing the folders and
/// checking the time of every file: at 10,000 pairs that glob, the hash of its list and the per-input check cost half a
/// second of every no-change build, more than the 5% the SDK may add.
/// </summary>
/// <remarks>
/// A file's stamp includes its change time, which the kernel sets on every write and no program can set back, so an
/// edit that keeps the size and restores the modification time still changes the fingerprint (see <see cref="FileStamp"/>).
/// Where no stamp can be read (Windows; anything but a regular file) the size and modification time stand in, which is
/// what MSBuild's own up-to-date check compares.
/// </remarks>
public static class MigrationInputsFingerprint
{
    /// <summary>From how many files stamping runs on every core.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>The lower-case hex SHA-256 of the folders' listing with stamps and <paramref name="settings"/>.</summary>
    public static string Compute(string forwardDirectory, string? rollbackDirectory, string settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var directories = new SortedSet<string>(StringComparer.Ordinal) { Path.GetFullPath(forwardDirectory) };
        if (!string.IsNullOrEmpty(rollbackDirectory))
        {
            directories.Add(Path.GetFullPath(rollbackDirectory));
        }

        var text = new StringBuilder(settings).Append('\n');
        var paths = new List<string>();
        foreach (var directory in directories)
        {
            var exists = Directory.Exists(directory);
            text.Append(directory).Append(exists ? "\n" : " (missing)\n");
            if (exists)
            {
                paths.AddRange(Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }));
            }
        }

        paths.Sort(StringComparer.Ordinal);
        var stamps = new FileStamp?[paths.Count];
        ParallelWork.For(paths.Count, ParallelThreshold, index => stamps[index] = FileStamp.Read(paths[index]));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(text.ToString()));
        for (var index = 0; index < paths.Count; index++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(paths[index] + "\n"));
            if (stamps[index] is { } stamp)
            {
                stamp.AppendTo(hash);
            }
            else
            {
                hash.AppendData(Encoding.UTF8.GetBytes(DescribeWithoutStamp(paths[index]) + "\n"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>A directory, a special file, or any file on Windows: the size and modification time MSBuild would compare.</summary>
    private static string DescribeWithoutStamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{info.Length} {info.LastWriteTimeUtc.Ticks}" : "not a file";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
