using DotNet.Testcontainers.Builders;
using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Environments;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Tries each source in order (URL, Docker, local binaries) and keeps every failure, so that when nothing works the
/// developer sees all three reasons and remedies, and when a later source wins the log still says why.
/// </summary>
internal static class ThrowawayServerResolver
{
    private const string NotSet = "not set.";
    private const string DockerRemedy =
        "start a Docker engine this process can reach (DOCKER_HOST or the default socket) and that can pull the image (MigrationsLocalImage).";
    private const string LocalTitle = "Local PostgreSQL server binaries (temporary cluster)";
    private const string LocalRemedy =
        "install the PostgreSQL server (e.g. apt-get install postgresql) so that initdb is on PATH, in `pg_config --bindir`, or under /usr/lib/postgresql/<version>/bin; as root, a 'postgres' user and runuser are needed too.";

    public static async Task<ThrowawayServerStart> StartAsync(ThrowawayServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var skipped = new List<SkippedSource>();
        var url = options.ReadVariable(options.UrlVariable);
        var knownSecret = PasswordOf(url);

        if (!string.IsNullOrWhiteSpace(url))
        {
            var fromUrl = await TryUrlAsync(options, url, skipped, cancellationToken).ConfigureAwait(false);
            return fromUrl is null ? Unavailable(options, skipped, knownSecret) : Started(options, fromUrl);
        }

        skipped.Add(new SkippedSource(ThrowawayServerSource.Url, UrlTitle(options), NotSet, UrlRemedy(options)));
        if (options.EffectiveLocalBinDirectory is { } binDirectory)
        {
            // Named on purpose: those binaries or a coded error, never a quiet fall-back to a server of another release.
            skipped.Add(new SkippedSource(ThrowawayServerSource.Docker, $"Docker via Testcontainers ({options.EffectiveContainerImage})", $"not tried: {PublicSurface.LocalBinDirectoryProperty} is set.", DockerRemedy));
            var own = await TryLocalBinariesAsync(options, [binDirectory], skipped, cancellationToken).ConfigureAwait(false);
            return own is null ? Unavailable(options, skipped, knownSecret, binDirectory) : Started(options, own);
        }

        var server = await TryDockerAsync(options, skipped, cancellationToken).ConfigureAwait(false)
            ?? await TryLocalBinariesAsync(options, options.BinDirectories, skipped, cancellationToken).ConfigureAwait(false);
        return server is null ? Unavailable(options, skipped, knownSecret) : Started(options, server);
    }

    private static string UrlTitle(ThrowawayServerOptions options) => $"{options.UrlVariable} (an existing server)";

    private static string UrlRemedy(ThrowawayServerOptions options) =>
        $"set {options.UrlVariable} to postgres://user:password@host:port/database or an Npgsql connection string, for a role that may CREATE and DROP DATABASE.";

    private static async Task<ThrowawayServer?> TryUrlAsync(
        ThrowawayServerOptions options,
        string url,
        List<SkippedSource> skipped,
        CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder? connection = null;
        try
        {
            connection = ServerUrl.Parse(url);
            var release = await EnsureCanCreateDatabasesAsync(connection.ConnectionString, cancellationToken).ConfigureAwait(false);
            return new ThrowawayServer(
                ThrowawayServerSource.Url,
                $"{options.UrlVariable}: {ConnectionUrl.Display(connection)}",
                connection.ConnectionString,
                ownedResource: null,
                skipped.ToList(),
                release);
        }
        catch (Exception exception) when (IsFailureOfTheSource(exception, cancellationToken))
        {
            var reason = connection is not null && exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
                ? UnreachableReason(options, connection, exception)
                : exception.Message;
            skipped.Add(new SkippedSource(ThrowawayServerSource.Url, UrlTitle(options), $"set, but unusable: {reason}", UrlRemedy(options)));
            return null;
        }
    }

    /// <summary>
    /// The product's own MIG1001 wording (refused, DNS, timeout, authentication, TLS, missing database), so the Local
    /// environment explains a bad server URL exactly as Staging and Production do, naming the variable actually read.
    /// </summary>
    private static string UnreachableReason(ThrowawayServerOptions options, NpgsqlConnectionStringBuilder connection, Exception exception)
    {
        var environment = MigrationEnvironment.Local with { UrlVariable = options.UrlVariable };
        return ConnectionFailure.Describe(new ConnectionTarget(environment, connection), exception).Message;
    }

    private static async Task<ThrowawayServer?> TryDockerAsync(
        ThrowawayServerOptions options,
        List<SkippedSource> skipped,
        CancellationToken cancellationToken)
    {
        var image = options.EffectiveContainerImage;
        var title = $"Docker via Testcontainers ({image})";
        if (!options.UseDocker)
        {
            skipped.Add(new SkippedSource(ThrowawayServerSource.Docker, title, "disabled by configuration.", DockerRemedy));
            return null;
        }

        PostgreSqlContainer? container = null;
        try
        {
            // Build() probes Docker and throws DockerUnavailableException within milliseconds when there is none.
            container = new PostgreSqlBuilder(image).Build();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.ContainerStartTimeout);
            await container.StartAsync(deadline.Token).ConfigureAwait(false);

            var connection = new NpgsqlConnectionStringBuilder(container.GetConnectionString());
            var release = await EnsureCanCreateDatabasesAsync(connection.ConnectionString, cancellationToken).ConfigureAwait(false);
            var server = new ThrowawayServer(
                ThrowawayServerSource.Docker,
                $"Docker container {image}: {ConnectionUrl.Display(connection)}",
                connection.ConnectionString,
                container,
                skipped.ToList(),
                release);
            container = null;
            return server;
        }
        catch (DockerUnavailableException exception)
        {
            skipped.Add(new SkippedSource(ThrowawayServerSource.Docker, title, $"Docker is not available: {FirstLine(exception.Message)}", DockerRemedy));
        }
        catch (Exception exception) when (IsFailureOfTheSource(exception, cancellationToken))
        {
            skipped.Add(new SkippedSource(ThrowawayServerSource.Docker, title, $"the container did not start: {FirstLine(exception.Message)}", DockerRemedy));
        }
        finally
        {
            if (container is not null)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }
        }

        return null;
    }

    private static async Task<ThrowawayServer?> TryLocalBinariesAsync(
        ThrowawayServerOptions options,
        IReadOnlyList<string>? binDirectories,
        List<SkippedSource> skipped,
        CancellationToken cancellationToken)
    {
        var search = await PostgresBinDirectorySearch.RunAsync(binDirectories, cancellationToken).ConfigureAwait(false);
        var reasons = new List<string>();
        if (search.Usable.Count == 0 && options.EffectiveLocalBinDirectory is null)
        {
            // A folder named by MigrationsLocalBinDirectory gets its own reason from the search; this would only repeat it.
            reasons.Add("no PostgreSQL server binaries found");
        }

        var ordered = await BinDirectoryPreference.OrderAsync(search.Usable, options.Target, BinDirectoryRelease.ReadAsync, cancellationToken)
            .ConfigureAwait(false);
        foreach (var (candidate, _) in ordered)
        {
            LocalCluster? cluster = null;
            try
            {
                cluster = await LocalCluster.StartAsync(candidate.Path, options.TemporaryRoot, cancellationToken).ConfigureAwait(false);
                var release = await EnsureCanCreateDatabasesAsync(cluster.AdminConnectionString, cancellationToken).ConfigureAwait(false);
                var server = new ThrowawayServer(
                    ThrowawayServerSource.LocalBinaries,
                    $"local cluster from {candidate.Path} (found via {candidate.FoundVia}) at 127.0.0.1:{cluster.Port}, data in {cluster.DataDirectory}",
                    cluster.AdminConnectionString,
                    cluster,
                    skipped.ToList(),
                    release);
                cluster = null;
                return server;
            }
            catch (Exception exception) when (IsFailureOfTheSource(exception, cancellationToken))
            {
                reasons.Add($"{candidate.Path} (from {candidate.FoundVia}) did not start: {exception.Message}");
            }
            finally
            {
                // Also on cancellation: a half-started cluster must not outlive the run.
                if (cluster is not null)
                {
                    await cluster.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        var reason = string.Join("; ", reasons.Concat(search.Rejections)) + ".";
        skipped.Add(new SkippedSource(ThrowawayServerSource.LocalBinaries, LocalTitle, reason, LocalRemedy));
        return null;
    }

    /// <summary>
    /// Fails early with a readable reason instead of letting every run fail on CREATE DATABASE; returns the server's
    /// release from the same round trip, which is what the proofs will run on whatever the binaries' folder suggested.
    /// </summary>
    private static async Task<PostgresRelease> EnsureCanCreateDatabasesAsync(string connectionString, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(probe.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT rolsuper OR rolcreatedb, current_setting('server_version_num')::int FROM pg_roles WHERE rolname = current_user",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var allowed = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetBoolean(0);
        if (!allowed)
        {
            throw new InvalidOperationException($"role '{connection.UserName}' may not CREATE DATABASE");
        }

        return PostgresRelease.FromServerVersionNumber(reader.GetInt32(1));
    }

    /// <summary>The caller's cancellation ends the whole search; anything else only rules out this source.</summary>
    private static bool IsFailureOfTheSource(Exception exception, CancellationToken cancellationToken) =>
        exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    private static ThrowawayServerStart Started(ThrowawayServerOptions options, ThrowawayServer server)
    {
        var passedOver = server.Skipped
            .Where(source => source.Reason != NotSet)
            .Select(source => $"{source.Source}: {FirstLine(source.Reason)}")
            .ToList();
        var why = passedOver.Count == 0 ? string.Empty : $" (passed over {string.Join("; ", passedOver)})";
        options.Log?.Invoke(PasswordRedaction.Redact($"Throwaway PostgreSQL server: {server.Description} ({ReleaseNote(options)}){why}"));
        return ThrowawayServerStart.With(server);
    }

    /// <summary>What the server's release (already in its description) was matched against, or that nothing was.</summary>
    private static string ReleaseNote(ThrowawayServerOptions options) =>
        options.Target is { } target
            ? $"for {target.EnvironmentName}, which runs PostgreSQL {target.Release}"
            : "no target environment's version was read in this run, so none was matched";

    private static ThrowawayServerStart Unavailable(ThrowawayServerOptions options, List<SkippedSource> skipped, string? knownSecret, string? binDirectoryOverride = null)
    {
        var redacted = skipped
            .Select(source => source with { Reason = PasswordRedaction.Redact(source.Reason, knownSecret) })
            .ToList();
        options.Log?.Invoke($"No throwaway PostgreSQL server: {string.Join("; ", redacted.Select(source => $"{source.Source}: {FirstLine(source.Reason)}"))}");
        return ThrowawayServerStart.Without(new LocalServerUnavailable(redacted) { BinDirectoryOverride = binDirectoryOverride });
    }

    private static string? PasswordOf(string? url) =>
        !string.IsNullOrWhiteSpace(url) && ConnectionUrl.TryParse(url, out var connection, out _) ? connection.Password : null;

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOfAny(['\r', '\n']);
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
