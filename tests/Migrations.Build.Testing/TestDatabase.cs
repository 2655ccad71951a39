using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// A database created for one test. Disposing it drops the database even if the test left
/// connections open, so a failing test cannot leak state into the next one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly RunningPostgresServer server;
    private int disposed;

    internal TestDatabase(RunningPostgresServer server, string name, string connectionString)
    {
        this.server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name as stored by PostgreSQL (unquoted).</summary>
    public string Name { get; }

    /// <summary>Npgsql connection string for this database, with the server's credentials.</summary>
    public string ConnectionString { get; }

    public PostgresServerSource Source => server.Source;

    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Idle pooled connections would otherwise be killed by FORCE and handed out broken later.
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await server.DropDatabaseAsync(Name).ConfigureAwait(false);
    }

    public override string ToString() => Name;
}
