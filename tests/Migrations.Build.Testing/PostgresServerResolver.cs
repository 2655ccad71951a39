using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Migrations.Build.Testing;

/// <summary>
/// Tries each source in order (URL, Testcontainers, local binaries) and returns the first server that
/// answers a query. Every failure is kept, so that when nothing works the developer sees all three reasons.
/// </summary>
public static class PostgresServerResolver
{
    private const string UrlTitle = $"{PostgresServerOptions.DatabaseUrlVariable} (an existing server)";
    private const string UrlRemedy =
        $"set {PostgresServerOptions.DatabaseUrlVariable} to postgres://user:password@host:port/database or an Npgsql connection string, for a role that may CREATE and DROP DATABASE.";
    private const string ContainerRemedy = "start a Docker engine this process can reach (DOCKER_HOST or the default socket) and that can pull the image.";
    private const string LocalTitle = "Local PostgreSQL server binaries (throwaway cluster)";
    private const string LocalRemedy =
        "install the PostgreSQL server (e.g. apt-get install postgresql) so that initdb is on PATH, in `pg_config --bindir`, or under /usr/lib/postgresql/<version>/bin; as root, a 'postgres' user and runuser are needed too.";

    public static async Task<RunningPostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<SourceFailure>();
        var knownSecret = PasswordOf(options.DatabaseUrl);

        var fromUrl = await TryDatabaseUrlAsync(options, failures, cancellationToken).ConfigureAwait(false);
        if (fromUrl is not null)
        {
            return fromUrl;
        }

        // A URL someone set on purpose and that does not work is a configuration error to fix, not a reason to test
        // quietly against some other server.
        if (!string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            throw new PostgresServerUnavailableException(
                failures.Select(failure => failure with { Reason = PasswordRedaction.Redact(failure.Reason, knownSecret) }).ToList());
        }

        var fromContainer = await TryTestcontainersAsync(options, failures, cancellationToken).ConfigureAwait(false);
        if (fromContainer is not null)
        {
            return fromContainer;
        }

        var fromLocal = await TryLocalClusterAsync(options, failures, cancellationToken).ConfigureAwait(false);
        if (fromLocal is not null)
        {
            return fromLocal;
        }

        var redacted = failures
            .Select(failure => failure with { Reason = PasswordRedaction.Redact(failure.Reason, knownSecret) })
            .ToList();
        throw new PostgresServerUnavailableException(redacted);
    }

    private static async Task<RunningPostgresServer?> TryDatabaseUrlAsync(
        PostgresServerOptions options,
        List<SourceFailure> failures,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            failures.Add(new SourceFailure(PostgresServerSource.DatabaseUrl, UrlTitle, "not set.", UrlRemedy));
            return null;
        }

        try
        {
            var connectionString = DatabaseUrl.ToNpgsqlConnectionString(options.DatabaseUrl);
            await EnsureCanCreateDatabasesAsync(connectionString, cancellationToken).ConfigureAwait(false);
            return new RunningPostgresServer(
                PostgresServerSource.DatabaseUrl,
                $"{PostgresServerOptions.DatabaseUrlVariable}: {Endpoint(connectionString)}",
                connectionString,
                ownedResource: null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failures.Add(new SourceFailure(PostgresServerSource.DatabaseUrl, UrlTitle, $"set, but unusable: {exception.Message}", UrlRemedy));
            return null;
        }
    }

    private static async Task<RunningPostgresServer?> TryTestcontainersAsync(
        PostgresServerOptions options,
        List<SourceFailure> failures,
        CancellationToken cancellationToken)
    {
        var title = $"Testcontainers ({options.ContainerImage})";
        if (!options.UseTestcontainers)
        {
            failures.Add(new SourceFailure(PostgresServerSource.Testcontainers, title, "disabled by configuration.", ContainerRemedy));
            return null;
        }

        PostgreSqlContainer? container = null;
        try
        {
            // Build() probes Docker and throws DockerUnavailableException within milliseconds when there is none.
            container = new PostgreSqlBuilder(options.ContainerImage).Build();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.ContainerStartTimeout);
            await container.StartAsync(deadline.Token).ConfigureAwait(false);

            var connectionString = container.GetConnectionString();
            await EnsureCanCreateDatabasesAsync(connectionString, cancellationToken).ConfigureAwait(false);
            return new RunningPostgresServer(
                PostgresServerSource.Testcontainers,
                $"Testcontainers {options.ContainerImage}: {Endpoint(connectionString)}{PassedOver(failures)}",
                connectionString,
                container);
        }
        catch (DockerUnavailableException exception)
        {
            failures.Add(new SourceFailure(PostgresServerSource.Testcontainers, title, $"Docker is not available: {FirstLine(exception.Message)}", ContainerRemedy));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failures.Add(new SourceFailure(PostgresServerSource.Testcontainers, title, $"the container did not start: {exception.Message}", ContainerRemedy));
        }

        if (container is not null)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    private static async Task<RunningPostgresServer?> TryLocalClusterAsync(
        PostgresServerOptions options,
        List<SourceFailure> failures,
        CancellationToken cancellationToken)
    {
        var search = await PostgresBinDirectorySearch.RunAsync(options.BinDirectories, cancellationToken).ConfigureAwait(false);
        var reasons = new List<string>();
        if (search.Usable.Count == 0)
        {
            reasons.Add("no PostgreSQL server binaries found");
        }

        foreach (var candidate in search.Usable)
        {
            LocalPostgresCluster? cluster = null;
            try
            {
                cluster = await LocalPostgresCluster.StartAsync(candidate.Path, options.TemporaryRoot, cancellationToken).ConfigureAwait(false);
                await EnsureCanCreateDatabasesAsync(cluster.AdminConnectionString, cancellationToken).ConfigureAwait(false);
                return new RunningPostgresServer(
                    PostgresServerSource.LocalCluster,
                    $"local cluster from {candidate.Path} (found via {candidate.FoundVia}) at 127.0.0.1:{cluster.Port}, data in {cluster.DataDirectory}{PassedOver(failures)}",
                    cluster.AdminConnectionString,
                    cluster);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                reasons.Add($"{candidate.Path} (from {candidate.FoundVia}) did not start: {exception.Message}");
                if (cluster is not null)
                {
                    await cluster.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        var reason = string.Join("; ", reasons.Concat(search.Rejections)) + ".";
        failures.Add(new SourceFailure(PostgresServerSource.LocalCluster, LocalTitle, reason, LocalRemedy));
        return null;
    }

    /// <summary>Fails early with a readable reason instead of letting every test fail on CREATE DATABASE.</summary>
    private static async Task EnsureCanCreateDatabasesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user",
            connection);
        var allowed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (allowed is not true)
        {
            throw new InvalidOperationException($"role '{connection.UserName}' may not CREATE DATABASE");
        }
    }

    /// <summary>A later source won; the log line still tells why the earlier ones were passed over.</summary>
    private static string PassedOver(List<SourceFailure> failures)
    {
        var passedOver = failures
            .Where(failure => failure.Source != PostgresServerSource.DatabaseUrl || failure.Reason != "not set.")
            .Select(failure => $"{failure.Source}: {FirstLine(failure.Reason)}")
            .ToList();
        return passedOver.Count == 0 ? string.Empty : PasswordRedaction.Redact($" (passed over {string.Join("; ", passedOver)})");
    }

    private static string Endpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static string? PasswordOf(string? databaseUrl)
    {
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(DatabaseUrl.ToNpgsqlConnectionString(databaseUrl)).Password;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOfAny(['\r', '\n']);
        return newline < 0 ? trimmed : trimmed[..newline];
    }
}
