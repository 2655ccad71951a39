using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// PostgreSQL server binaries of several major versions on this machine, for the tests of what the product does when
/// the throwaway server's version is not the target's: the folders in <see cref="ExtraVariable"/> (.ci/run puts the
/// npm-packaged 13 and 18 there), then <c>pg_config --bindir</c> and /usr/lib/postgresql/&lt;version&gt;/bin.
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

    /// <summary>The major version of the server behind <paramref name="connectionString"/>.</summary>
    public static async Task<int> MajorOfAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select current_setting('server_version_num')::int / 10000", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
