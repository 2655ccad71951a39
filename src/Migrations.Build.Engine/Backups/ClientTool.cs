using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Backups;

/// <summary>A PostgreSQL client program (pg_dump, pg_restore) found on this machine, with the release it reports.</summary>
internal sealed record ClientTool(string Name, string Path, PostgresRelease? Release)
{
    /// <summary>Where <see cref="FindAsync"/> looks, in order, for messages that say a tool is missing.</summary>
    public const string SearchedPlaces = "on PATH, in `pg_config --bindir` and in /usr/lib/postgresql/<version>/bin";

    /// <summary>"pg_dump 15 (/usr/bin/pg_dump)", for messages.</summary>
    public string Describe() => $"{Name} {Release?.ToString() ?? "of unknown version"} ({Path})";

    /// <summary>
    /// Finds <paramref name="name"/> as a shell would (PATH first, so the one a developer gets by typing its name is
    /// the one used), then in the places the Local server search looks, and reads its version. Null when none exists.
    /// </summary>
    public static async Task<ClientTool?> FindAsync(string name, string? pathVariable, CancellationToken cancellationToken)
    {
        var path = ExecutableSearch.Find(name, pathVariable)
            ?? await InPgConfigBinDirectoryAsync(name, pathVariable, cancellationToken).ConfigureAwait(false)
            ?? PostgresBinDirectorySearch.VersionedBinDirectories()
                .Select(directory => System.IO.Path.Combine(directory.Path, PostgresBinDirectorySearch.ToolFileName(name)))
                .FirstOrDefault(File.Exists);
        return path is null ? null : await IdentifyAsync(name, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same program from the directory of <paramref name="sibling"/> (pg_restore beside the pg_dump that wrote a file), else a search.</summary>
    public static async Task<ClientTool?> FindBesideAsync(string name, ClientTool sibling, string? pathVariable, CancellationToken cancellationToken)
    {
        var beside = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(sibling.Path)!, PostgresBinDirectorySearch.ToolFileName(name));
        return File.Exists(beside)
            ? await IdentifyAsync(name, beside, cancellationToken).ConfigureAwait(false)
            : await FindAsync(name, pathVariable, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ClientTool> IdentifyAsync(string name, string path, CancellationToken cancellationToken)
    {
        var version = await ChildProcess.RunAsync(path, ["--version"], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ClientTool(name, path, version.Succeeded ? PostgresRelease.FromToolVersion(version.StandardOutput) : null);
    }

    private static async Task<string?> InPgConfigBinDirectoryAsync(string name, string? pathVariable, CancellationToken cancellationToken)
    {
        var pgConfig = ExecutableSearch.Find("pg_config", pathVariable);
        if (pgConfig is null)
        {
            return null;
        }

        var result = await ChildProcess.RunAsync(pgConfig, ["--bindir"], timeout: TimeSpan.FromSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        var candidate = System.IO.Path.Combine(result.StandardOutput.Trim(), PostgresBinDirectorySearch.ToolFileName(name));
        return result.Succeeded && result.StandardOutput.Trim().Length > 0 && File.Exists(candidate) ? candidate : null;
    }
}
