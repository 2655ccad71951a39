namespace Migrations.Build.Engine.Local;

/// <summary>Finds a program the way a shell would, plus fallback directories for the sbin tools a CI PATH may omit.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string name, string? pathVariable, params IEnumerable<string> fallbackDirectories)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        var directories = (pathVariable ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(fallbackDirectories);
        return directories
            .Select(directory => Path.Combine(directory, fileName))
            .FirstOrDefault(File.Exists);
    }

    public static string? FindOnPath(string name, params IEnumerable<string> fallbackDirectories) =>
        Find(name, Environment.GetEnvironmentVariable("PATH"), fallbackDirectories);

    /// <summary>
    /// Follows symlinks such as /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb, because pg_ctl
    /// and postgres must come from the same installation as initdb.
    /// </summary>
    public static string ResolveSymlinks(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
