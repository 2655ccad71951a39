using Migrations.Build.Engine.Local;

namespace Migrations.Build.Testing;

/// <summary>
/// Starts a server through the engine's <see cref="ThrowawayServer"/> with the test suite's configuration, and turns
/// "nothing available" into an exception: database tests fail rather than skip, because a silently skipped suite
/// looks green in CI while testing nothing.
/// </summary>
public static class PostgresServerResolver
{
    public static async Task<RunningPostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = await ThrowawayServer.StartAsync(ToEngineOptions(options), cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            throw new PostgresServerUnavailableException(start.Unavailable.Skipped.Select(ToSourceFailure).ToList());
        }

        return new RunningPostgresServer(start.Server);
    }

    internal static ThrowawayServerOptions ToEngineOptions(PostgresServerOptions options) => new()
    {
        UrlVariable = PostgresServerOptions.DatabaseUrlVariable,

        // Only the test suite's own variable: a developer's MIGRATIONS_LOCAL_URL must not receive test databases.
        ReadVariable = name => name == PostgresServerOptions.DatabaseUrlVariable ? options.DatabaseUrl : null,
        UseDocker = options.UseTestcontainers,
        ContainerImage = options.ContainerImage,
        ContainerStartTimeout = options.ContainerStartTimeout,
        BinDirectories = options.BinDirectories,
        TemporaryRoot = options.TemporaryRoot,
    };

    internal static PostgresServerSource ToTestSource(ThrowawayServerSource source) => source switch
    {
        ThrowawayServerSource.Url => PostgresServerSource.DatabaseUrl,
        ThrowawayServerSource.Docker => PostgresServerSource.Testcontainers,
        ThrowawayServerSource.LocalBinaries => PostgresServerSource.LocalCluster,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown throwaway server source"),
    };

    private static SourceFailure ToSourceFailure(SkippedSource skipped) =>
        new(ToTestSource(skipped.Source), skipped.Title, skipped.Reason, skipped.Remedy);
}
