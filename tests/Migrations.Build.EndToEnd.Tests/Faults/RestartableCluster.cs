using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of one test's own (the engine's <see cref="LocalCluster"/>), for faults that would hurt every
/// other test on the shared server, such as restarting it.
/// </summary>
internal sealed class RestartableCluster : IAsyncDisposable
{
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromMinutes(2);

    private readonly LocalCluster cluster;

    private RestartableCluster(LocalCluster cluster) => this.cluster = cluster;

    /// <summary>A started cluster, or null when this machine has no PostgreSQL server binaries to build one from.</summary>
    public static async Task<RestartableCluster?> StartAsync(CancellationToken cancellationToken)
    {
        var search = await PostgresBinDirectorySearch.RunAsync(null, cancellationToken);
        if (search.Usable.Count == 0)
        {
            return null;
        }

        return new RestartableCluster(await LocalCluster.StartAsync(search.Usable[0].Path, cancellationToken: cancellationToken));
    }

    public Task<ThrowawayDatabase> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken) =>
        ThrowawayDatabase.CreateAsync(cluster.AdminConnectionString, prefix, cancellationToken: cancellationToken);

    /// <summary>
    /// pg_ctl restart -m fast: every session is terminated and open transactions roll back, as in a failover or a
    /// maintenance restart. The options the server was started with are reused; -l keeps its output out of our pipe.
    /// </summary>
    public async Task RestartFastAsync(CancellationToken cancellationToken)
    {
        var pgCtl = Path.Combine(cluster.BinDirectory, PostgresBinDirectorySearch.ToolFileName("pg_ctl"));
        string[] arguments = ["-D", cluster.DataDirectory, "-l", cluster.LogFile, "-m", "fast", "-w", "-t", "60", "restart"];

        // As root, run it as the user LocalCluster gave the cluster to: PostgreSQL refuses to run as root.
        var runuser = ProcessIdentity.IsRoot ? ExecutableSearch.FindOnPath("runuser", "/usr/sbin", "/sbin", "/usr/bin", "/bin") ?? "runuser" : null;
        var result = runuser is null
            ? await ChildProcess.RunAsync(pgCtl, arguments, cluster.RootDirectory, RestartDeadline, cancellationToken)
            : await ChildProcess.RunAsync(runuser, ["-u", LocalCluster.SuperUser, "--", pgCtl, .. arguments], cluster.RootDirectory, RestartDeadline, cancellationToken);
        Assert.IsTrue(result.Succeeded, result.Describe());

        // The restart killed the idle pooled admin connections (used to create the database); handed out again they
        // would fail the DROP DATABASE at the end of the test with 57P01.
        using var admin = new NpgsqlConnection(cluster.AdminConnectionString);
        NpgsqlConnection.ClearPool(admin);
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();
}
