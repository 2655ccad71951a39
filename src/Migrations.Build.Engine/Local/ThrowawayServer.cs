using Migrations.Build.Engine.Backups;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// A PostgreSQL server on which throwaway databases may be created and dropped: a borrowed server named by a URL,
/// or a container or local cluster started for this process and owned by this object. Disposing stops and
/// deletes what it owns; a borrowed server is left running.
/// </summary>
/// <example>
/// <code>
/// var start = await ThrowawayServer.StartAsync(new ThrowawayServerOptions { Log = log.Info }, cancellationToken);
/// if (!start.Started) { report(start.Unavailable.ToDiagnostic()); return; }
/// await using var server = start.Server;
/// await using var database = await server.CreateDatabaseAsync("verify", LocalBootstrap.Supabase, cancellationToken);
/// </code>
/// </example>
internal sealed class ThrowawayServer : IAsyncDisposable
{
    private readonly IAsyncDisposable? ownedResource;
    private int disposed;

    internal ThrowawayServer(
        ThrowawayServerSource source,
        string description,
        string adminConnectionString,
        IAsyncDisposable? ownedResource,
        IReadOnlyList<SkippedSource> skipped,
        PostgresRelease? release = null)
    {
        Release = release;
        Source = source;
        // The release belongs in every line that names the server: a proof is only as good as the version it ran on.
        Description = release is null ? description : $"{description}, PostgreSQL {release}";
        AdminConnectionString = adminConnectionString;
        this.ownedResource = ownedResource;
        Skipped = skipped;
    }

    public ThrowawayServerSource Source { get; }

    /// <summary>The major release the server reported when it was checked (server_version_num); null when never asked.</summary>
    public PostgresRelease? Release { get; }

    /// <summary>One line: where the server came from and where it listens. Never holds a password.</summary>
    public string Description { get; }

    /// <summary>Connection string of a role allowed to CREATE and DROP DATABASE; may hold a password.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The sources tried before this one and why they were passed over (a URL that is not set included).</summary>
    public IReadOnlyList<SkippedSource> Skipped { get; }

    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>True when disposing stops the server (a container or local cluster), false for a borrowed one.</summary>
    public bool OwnsItsServer => ownedResource is not null;

    /// <summary>
    /// Tries the URL variable, then Docker, then local server binaries, and returns the first server that answers and
    /// lets its role create databases. A URL that is set but fails is final: someone set it on purpose, and quietly
    /// using another server would hide the mistake.
    /// </summary>
    public static Task<ThrowawayServerStart> StartAsync(ThrowawayServerOptions options, CancellationToken cancellationToken = default) =>
        ThrowawayServerResolver.StartAsync(options, cancellationToken);

    /// <summary>A fresh, empty database with a unique name, bootstrapped; dispose it to drop it.</summary>
    public Task<ThrowawayDatabase> CreateDatabaseAsync(
        string prefix = "throwaway",
        LocalBootstrap? bootstrap = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return ThrowawayDatabase.CreateAsync(AdminConnectionString, this, prefix, bootstrap, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (ownedResource is not null)
        {
            await ownedResource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => Description;
}
