using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Opens our connections with an application_name that says who we are, so anyone looking at pg_stat_activity —
/// or a waiting deploy naming the lock holder — can see a migration is running. A name the user set in the URL wins.
/// </summary>
internal static class OperationConnection
{
    public static async Task<NpgsqlConnection> OpenAsync(OperationContext context, string purpose, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(context.ConnectionString)
        {
            // Migrations run as long as they need; statement_timeout (MigrationsStatementTimeout) is the limit.
            CommandTimeout = 0,
            // A pooled session could carry a stale advisory lock or settings into the next operation.
            Pooling = false,
            // DETAIL is what makes a failed migration fixable ("Key (id)=(1) already exists"); it can show row
            // values, never connection secrets.
            IncludeErrorDetail = true,
        };

        // The statements we send for every migration (its limits, its history row) are the same each time: let the
        // server keep them parsed. A migration's own statements run once and are never prepared.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = $"Migrations.Build {context.ToolVersion} {purpose} ({context.EnvironmentName})";
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
