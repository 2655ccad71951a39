using Migrations.Build.Engine.Local;

namespace Migrations.Build.Testing;

/// <summary>
/// A reachable PostgreSQL server on which tests may create and drop databases: the engine's <see cref="ThrowawayServer"/>
/// under the names the tests use. A server given by URL is borrowed and never stopped.
/// </summary>
public sealed class RunningPostgresServer : IAsyncDisposable
{
    private const string DefaultPrefix = "test";

    private readonly ThrowawayServer server;

    internal RunningPostgresServer(ThrowawayServer server)
    {
        this.server = server;
        Source = PostgresServerResolver.ToTestSource(server.Source);
    }

    public PostgresServerSource Source { get; }

    /// <summary>One line for a test log: where the server came from and where it listens. Never holds a password.</summary>
    public string Description => server.Description;

    /// <summary>Connection string of a role allowed to CREATE and DROP DATABASE; may hold a password.</summary>
    public string AdminConnectionString => server.AdminConnectionString;

    public bool IsDisposed => server.IsDisposed;

    public async Task<TestDatabase> CreateDatabaseAsync(string prefix = DefaultPrefix, CancellationToken cancellationToken = default)
    {
        var database = await server.CreateDatabaseAsync(
            string.IsNullOrEmpty(prefix) ? DefaultPrefix : prefix,
            bootstrap: null,
            cancellationToken).ConfigureAwait(false);
        return new TestDatabase(database, Source);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    public override string ToString() => Description;

    /// <summary>Doubles embedded quotes, so even a hostile name stays one identifier.</summary>
    public static string QuoteIdentifier(string identifier) => Migrations.Build.Engine.Database.SqlIdentifier.Quote(identifier);

    /// <summary>A name no other test (or test process on the same server) uses; the prefix tells whose it is.</summary>
    public static string UniqueDatabaseName(string prefix) =>
        ThrowawayDatabase.UniqueName(string.IsNullOrEmpty(prefix) ? DefaultPrefix : prefix);
}
