using System.Globalization;
using System.Text;
using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// A reachable PostgreSQL server on which tests may create and drop databases. It owns the container
/// or local cluster behind it, if any; a server given by URL is never stopped, only borrowed.
/// </summary>
public sealed class RunningPostgresServer : IAsyncDisposable
{
    private const int MaxIdentifierBytes = 63;
    private const int MaxPrefixLength = 30;

    private readonly IAsyncDisposable? ownedResource;
    private int disposed;

    public RunningPostgresServer(
        PostgresServerSource source,
        string description,
        string adminConnectionString,
        IAsyncDisposable? ownedResource)
    {
        Source = source;
        Description = description;
        AdminConnectionString = adminConnectionString;
        this.ownedResource = ownedResource;
    }

    public PostgresServerSource Source { get; }

    /// <summary>One line for a test log: where the server came from and where it listens. Never holds a password.</summary>
    public string Description { get; }

    /// <summary>Connection string of a role allowed to CREATE and DROP DATABASE; may hold a password.</summary>
    public string AdminConnectionString { get; }

    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    public async Task<TestDatabase> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var name = UniqueDatabaseName(prefix);

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // template0, not template1: whatever an administrator installed into template1 must not leak into tests.
            await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(this, name, connectionString);
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

    internal async Task DropDatabaseAsync(string name)
    {
        // The server (and every database on it) is already gone; nothing left to drop.
        if (IsDisposed && ownedResource is not null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Doubles embedded quotes, so even a hostile name stays one identifier.</summary>
    public static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The prefix keeps leftovers on a shared server attributable to a test; the GUID makes the name
    /// unique across parallel tests and test processes sharing one server.
    /// </summary>
    public static string UniqueDatabaseName(string prefix)
    {
        var readable = new StringBuilder();
        foreach (var character in (prefix ?? string.Empty).ToLowerInvariant())
        {
            if (readable.Length == MaxPrefixLength)
            {
                break;
            }

            readable.Append(char.IsAsciiLetterOrDigit(character) || character == '_' ? character : '_');
        }

        if (readable.Length == 0)
        {
            readable.Append("test");
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{readable}_{Guid.NewGuid():N}");
        return name.Length <= MaxIdentifierBytes ? name : name[..MaxIdentifierBytes];
    }
}
