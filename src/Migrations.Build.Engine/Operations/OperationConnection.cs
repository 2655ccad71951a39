using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Opens our connections with an application_name that says who we are, so anyone looking at pg_stat_activity —
/// or a waiting deploy naming the lock holder — can see a migration is running. A name the user set in the URL wins.
/// </summary>
internal static class OperationConnection
{
    /// <summary>Said at detailed verbosity when an operation goes on with the connection opened while it validated.</summary>
    public const string PrefetchTakenNote = "Connected while the migrations were validated.";

    public static async Task<NpgsqlConnection> OpenAsync(OperationContext context, string purpose, CancellationToken cancellationToken)
    {
        var connectionString = ConnectionStringFor(context.ConnectionString, context.EnvironmentName, context.ToolVersion, purpose);
        if (context.Prefetch?.Take(connectionString) is { } prefetched)
        {
            var connection = await prefetched.ConfigureAwait(false);
            context.Log.Detail(PrefetchTakenNote);
            return connection;
        }

        return await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection string every connection of ours is opened with, from the environment's own.</summary>
    public static string ConnectionStringFor(string connectionString, string environmentName, string toolVersion, string purpose)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Migrations run as long as they need; statement_timeout (MigrationsStatementTimeout) is the limit.
            CommandTimeout = 0,
            // A pooled session could carry a stale advisory lock or settings into the next operation.
            Pooling = false,
            // DETAIL is what makes a failed migration fixable ("Key (id)=(1) already exists"); it can show row
            // values, never connection secrets.
            IncludeErrorDetail = true,
        };
        TypeLoading.Skip(builder);

        // The statements we send for every migration (its limits, its history row) are the same each time: let the
        // server keep them parsed. A migration's own statements run once and are never prepared.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        // A silent network drop would leave a statement waiting forever (there is no command timeout): TCP keepalive
        // probes turn it into an error within about a minute, which is reported as a lost connection.
        if (!builder.TcpKeepAlive && builder.TcpKeepAliveTime == 0 && !IsUnixSocket(builder.Host))
        {
            builder.TcpKeepAlive = true;
            builder.TcpKeepAliveTime = 30;
            builder.TcpKeepAliveInterval = 10;
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = $"Migrations.Build {toolVersion} {purpose} ({environmentName})";
        }

        return builder.ConnectionString;
    }

    /// <summary>Opens a connection string made by <see cref="ConnectionStringFor"/>.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await WatchForDeadClientAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// PostgreSQL 14+ can check, while a statement runs, whether the client is still there. Without it, the backend of
    /// a killed deploy (kill -9, a cancelled CI job) keeps running its statement — and holding the migration lock and
    /// its table locks — until the statement ends. PostgreSQL 13 has no such setting; there the lock frees when the
    /// statement finishes.
    /// </summary>
    private static async Task WatchForDeadClientAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (connection.PostgreSqlVersion.Major < 14)
        {
            return;
        }

        await using var command = new NpgsqlCommand("set client_connection_check_interval = 2000", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsUnixSocket(string? host) => host is not null && (host.StartsWith('/') || host.StartsWith('@'));
}
