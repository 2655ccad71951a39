namespace Migrations.Build.Engine.Local;

/// <summary>
/// Looks for a PostgreSQL server installation. Client-only installs are common (pg_config and psql
/// without initdb), so every candidate is checked for the server tools and rejections are explained.
/// </summary>
internal sealed class PostgresBinDirectorySearch
{
    private static readonly string[] RequiredTools = ["initdb", "pg_ctl", "postgres"];

    private PostgresBinDirectorySearch(IReadOnlyList<BinDirectoryCandidate> usable, IReadOnlyList<string> rejections)
    {
        Usable = usable;
        Rejections = rejections;
    }

    /// <summary>Directories holding all server tools, best first, without duplicates.</summary>
    public IReadOnlyList<BinDirectoryCandidate> Usable { get; }

    /// <summary>Why each other place was not used, in words a developer can act on.</summary>
    public IReadOnlyList<string> Rejections { get; }

    public static async Task<PostgresBinDirectorySearch> RunAsync(
        IReadOnlyList<string>? configuredDirectories,
        CancellationToken cancellationToken)
    {
        var usable = new List<BinDirectoryCandidate>();
        var rejections = new List<string>();
        var candidates = configuredDirectories is null
            ? await DiscoverAsync(rejections, cancellationToken).ConfigureAwait(false)
            : configuredDirectories.Select(directory => new BinDirectoryCandidate(directory, "configuration")).ToList();
        if (configuredDirectories is { Count: 0 })
        {
            rejections.Add("the configuration lists no bin directory");
        }

        foreach (var candidate in candidates)
        {
            var fullPath = Path.GetFullPath(candidate.Path);
            if (usable.Any(found => string.Equals(found.Path, fullPath, StringComparison.Ordinal)))
            {
                continue;
            }

            if (!Directory.Exists(fullPath))
            {
                rejections.Add($"{fullPath} (from {candidate.FoundVia}) does not exist");
                continue;
            }

            var missing = RequiredTools.Where(tool => !File.Exists(Path.Combine(fullPath, ToolFileName(tool)))).ToList();
            if (missing.Count == 0)
            {
                usable.Add(candidate with { Path = fullPath });
            }
            else
            {
                rejections.Add($"{fullPath} (from {candidate.FoundVia}) lacks {string.Join(", ", missing)}");
            }
        }

        return new PostgresBinDirectorySearch(usable, rejections);
    }

    public static string ToolFileName(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;

    private static async Task<List<BinDirectoryCandidate>> DiscoverAsync(List<string> notFound, CancellationToken cancellationToken)
    {
        var candidates = new List<BinDirectoryCandidate>();

        var initdbOnPath = ExecutableSearch.FindOnPath("initdb");
        if (initdbOnPath is not null)
        {
            var directory = Path.GetDirectoryName(ExecutableSearch.ResolveSymlinks(initdbOnPath))!;
            candidates.Add(new BinDirectoryCandidate(directory, $"initdb on PATH ({initdbOnPath})"));
        }
        else
        {
            notFound.Add("no initdb on PATH");
        }

        var pgConfig = ExecutableSearch.FindOnPath("pg_config");
        if (pgConfig is not null)
        {
            var result = await ChildProcess.RunAsync(pgConfig, ["--bindir"], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            var directory = result.StandardOutput.Trim();
            if (result.Succeeded && directory.Length > 0)
            {
                candidates.Add(new BinDirectoryCandidate(directory, "pg_config --bindir"));
            }
            else
            {
                notFound.Add(result.Describe());
            }
        }
        else
        {
            notFound.Add("no pg_config on PATH");
        }

        var versioned = VersionedBinDirectories();
        candidates.AddRange(versioned);
        if (versioned.Count == 0)
        {
            notFound.Add($"no {DebianRoot}");
        }

        return candidates;
    }

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>
    /// Debian and Ubuntu keep server binaries (and the real client tools behind the pg_wrapper links) off PATH, one
    /// directory per major version: these, highest version first.
    /// </summary>
    internal static IReadOnlyList<BinDirectoryCandidate> VersionedBinDirectories()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(directory => (Directory: directory, Version: ParseVersion(Path.GetFileName(directory))))
            .Where(entry => entry.Version is not null)
            .OrderByDescending(entry => entry.Version)
            .Select(entry => new BinDirectoryCandidate(Path.Combine(entry.Directory, "bin"), $"{DebianRoot}/<version>/bin"))
            .ToList();
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;
}
