namespace Migrations.Build.Engine.Local;

/// <summary>How many files and bytes a data directory holds: what a cluster template promises a copy will contain.</summary>
internal readonly record struct DirectoryTally(long Files, long Bytes);

/// <summary>
/// A plain recursive copy of a PostgreSQL data directory. Not hard links: the server writes into its files, which
/// would change the shared template under every other cluster. Directories are created 0700, which the server
/// requires of its data directory and which keeps other users out of the rest.
/// </summary>
internal static class DataDirectoryCopy
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static DirectoryTally Copy(string source, string destination)
    {
        var files = 0L;
        var bytes = 0L;
        CreateOwnerOnly(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, entry.FullName));
            if (entry is DirectoryInfo)
            {
                CreateOwnerOnly(target);
            }
            else if (entry is FileInfo file)
            {
                // File.Copy keeps the source's permission bits on Unix; the template's files are initdb's own.
                file.CopyTo(target);
                files++;
                bytes += file.Length;
            }
        }

        return new DirectoryTally(files, bytes);
    }

    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }
}
