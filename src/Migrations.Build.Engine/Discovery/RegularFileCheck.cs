namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Decides, without opening it, whether a path named like a migration can be read as one. Opening is what must be
/// avoided: on Unix, opening a named pipe for reading waits for a writer (a build that never ends), and reading a
/// device such as <c>/dev/zero</c> never reaches the end. A symbolic link is followed to what it finally names.
/// </summary>
internal static class RegularFileCheck
{
    /// <summary>
    /// Null when <paramref name="path"/> is a regular file or a symbolic link that ends at one; otherwise what the path
    /// is, worded for a message ("a named pipe (FIFO)"). When the type cannot be examined the answer is null too, so
    /// reading the file reports the real cause (MIG0010).
    /// </summary>
    public static string? DescribeIrregular(string path)
    {
        string? linkTarget;
        try
        {
            linkTarget = new FileInfo(path).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (linkTarget is null)
        {
            return DescribeType(path);
        }

        FileSystemInfo? finalTarget;
        try
        {
            finalTarget = File.ResolveLinkTarget(path, returnFinalTarget: true);
        }
        catch (IOException)
        {
            // Resolving gives up with "too many levels of symbolic links" (ELOOP): the chain comes back on itself.
            return "a symbolic link loop (following it never reaches a file)";
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (finalTarget is null || !Path.Exists(finalTarget.FullName))
        {
            return $"a symbolic link whose target '{linkTarget}' does not exist";
        }

        var type = DescribeType(path);
        return type is null ? null : "a symbolic link to " + type;
    }

    /// <summary>What the path names (following links) when that is not a regular file; null for a regular file.</summary>
    private static string? DescribeType(string path)
    {
        if (Directory.Exists(path))
        {
            return "a directory";
        }

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return UnixFileType.Of(path) switch
        {
            null or UnixFileType.RegularFile => null,
            UnixFileType.Directory => "a directory",
            UnixFileType.NamedPipe => "a named pipe (FIFO)",
            UnixFileType.Socket => "a Unix domain socket",
            UnixFileType.CharacterDevice => "a character device",
            UnixFileType.BlockDevice => "a block device",
            _ => "a special file",
        };
    }
}
