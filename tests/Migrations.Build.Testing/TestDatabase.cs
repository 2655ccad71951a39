using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// A database created for one test: the engine's <see cref="ThrowawayDatabase"/>. Disposing it drops the database even
/// if the test left connections open, so a failing test cannot leak state into the next one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly ThrowawayDatabase database;

    internal TestDatabase(ThrowawayDatabase database, PostgresServerSource source)
    {
        this.database = database;
        Source = source;
    }

    /// <summary>The database name as stored by PostgreSQL (unquoted).</summary>
    public string Name => database.Name;

    /// <summary>Npgsql connection string for this database, with the server's credentials.</summary>
    public string ConnectionString => database.ConnectionString;

    public PostgresServerSource Source { get; }

    public Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        database.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();

    public override string ToString() => Name;
}
