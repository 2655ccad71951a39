using Migrations.Build.Engine.Backups;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Which PostgreSQL release a folder of server binaries is, from <c>postgres --version</c>: the folder name says nothing
/// in every layout but Debian's (pg_config, PATH, an unpacked package), and the binary cannot lie about itself.
/// </summary>
internal static class BinDirectoryRelease
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Null when the binary does not run or does not print a PostgreSQL version line.</summary>
    public static async Task<PostgresRelease?> ReadAsync(string binDirectory, CancellationToken cancellationToken)
    {
        // postgres answers --version before its refusal to run as root, so no user switch is needed here.
        var postgres = Path.Combine(binDirectory, PostgresBinDirectorySearch.ToolFileName("postgres"));
        try
        {
            var result = await ChildProcess.RunAsync(postgres, ["--version"], timeout: VersionTimeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return result.Succeeded ? PostgresRelease.FromToolVersion(result.StandardOutput) : null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
