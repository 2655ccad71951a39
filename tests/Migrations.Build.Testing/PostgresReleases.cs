using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// PostgreSQL server binaries of several major versions on this machine, for the tests of what the product does when
/// the throwaway server's version is not the target's: the folders in <see cref="ExtraVariable"/> (.ci/run puts the
/// npm-packaged 13 and 18 there), then <c>pg_config --bindir</c> and /usr/lib/postgresql/&lt;version&gt;/bin. A test
/// that needs a version the machine lacks gets it from <see cref="InstallScript"/> (npm packages, cached), as a test
/// that needs a server gets a container or a cluster: it fails with the reason when even that cannot be had, and is
/// never skipped.
/// </summary>
public static class PostgresReleases
{
    /// <summary><see cref="Path.PathSeparator"/>-separated bin folders of further PostgreSQL versions.</summary>
    public const string ExtraVariable = "MIGRATIONS_TEST_EXTRA_PG_BIN_DIRECTORIES";

    /// <summary>Each usable bin folder found, with its major version, without two folders of one version.</summary>
    public static async Task<IReadOnlyList<(string BinDirectory, int Major)>> FindAsync(CancellationToken cancellationToken = default)
    {
        var extra = (Environment.GetEnvironmentVariable(ExtraVariable) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var installed = await PostgresBinDirectorySearch.RunAsync(null, cancellationToken);
        var configured = await PostgresBinDirectorySearch.RunAsync(extra, cancellationToken);
        var found = new List<(string, int)>();
        foreach (var candidate in configured.Usable.Concat(installed.Usable))
        {
            if (await BinDirectoryRelease.ReadAsync(candidate.Path, cancellationToken) is { } release && found.All(entry => entry.Item2 != release.Major))
            {
                found.Add((candidate.Path, release.Major));
            }
        }

        return found;
    }

    /// <summary>The repository's installer of PostgreSQL 13–18 server binaries, shared with .ci/run.</summary>
    public const string InstallScript = ".ci/postgres-releases.sh";

    /// <summary>Bin folder of <paramref name="major"/>: one found on this machine, else installed by <see cref="InstallScript"/>.</summary>
    public static async Task<string> EnsureAsync(int major, CancellationToken cancellationToken = default)
    {
        var found = (await FindAsync(cancellationToken)).FirstOrDefault(entry => entry.Major == major).BinDirectory;
        return found ?? await InstallAsync(major, cancellationToken);
    }

    /// <summary>A bin folder of another major version than <paramref name="major"/>: found, else 13 (18 when it is 13) installed.</summary>
    public static async Task<(string BinDirectory, int Major)> EnsureOtherThanAsync(int major, CancellationToken cancellationToken = default)
    {
        var found = (await FindAsync(cancellationToken)).FirstOrDefault(entry => entry.Major != major);
        if (found.BinDirectory is not null)
        {
            return found;
        }

        var other = major == 13 ? 18 : 13;
        return (await InstallAsync(other, cancellationToken), other);
    }

    private static async Task<string> InstallAsync(int major, CancellationToken cancellationToken)
    {
        var script = FindInstallScript();
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(major.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"bash {script} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var folder = (await output).Trim();
        if (process.ExitCode != 0 || !Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"This test needs PostgreSQL {major} server binaries, which are not on this machine, and `bash {script} {major}` could not install them (exit {process.ExitCode}): {(await errors).Trim()} " +
                $"Install them, or list their bin folder in {ExtraVariable}.");
        }

        return folder;
    }

    private static string FindInstallScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, InstallScript);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"{InstallScript} was not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    /// <summary>The major version of the server behind <paramref name="connectionString"/>.</summary>
    public static async Task<int> MajorOfAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select current_setting('server_version_num')::int / 10000", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
