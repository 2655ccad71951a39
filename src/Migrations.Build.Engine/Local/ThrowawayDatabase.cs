using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// A database created for one run (or one test) on a throwaway server. Disposing it drops it, even with
/// connections still open and even when the run failed or was cancelled, so nothing outlives the run.
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private const int MaxIdentifierBytes = 63;
    private const int MaxPrefixLength = 30;

    private readonly string adminConnectionString;
    private readonly ThrowawayServer? server;
    private int disposed;

    private ThrowawayDatabase(string adminConnectionString, ThrowawayServer? server, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        this.server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name as stored by PostgreSQL (unquoted).</summary>
    public string Name { get; }

    /// <summary>Npgsql connection string for this database with the server's credentials; may hold a password.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Creates a fresh database on the server <paramref name="adminConnectionString"/> reaches (a role that may
    /// CREATE DATABASE) and runs <paramref name="bootstrap"/> in it. Whatever fails after CREATE DATABASE, including
    /// cancellation, drops the database again before the exception leaves.
    /// </summary>
    public static Task<ThrowawayDatabase> CreateAsync(
        string adminConnectionString,
        string prefix = "throwaway",
        LocalBootstrap? bootstrap = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adminConnectionString);
        return CreateAsync(adminConnectionString, server: null, prefix, bootstrap, cancellationToken);
    }

    internal static async Task<ThrowawayDatabase> CreateAsync(
        string adminConnectionString,
        ThrowawayServer? server,
        string prefix,
        LocalBootstrap? bootstrap,
        CancellationToken cancellationToken)
    {
        var name = UniqueName(prefix);
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        TypeLoading.Skip(builder);
        var connectionString = builder.ConnectionString;
        var database = new ThrowawayDatabase(adminConnectionString, server, name, connectionString);
        try
        {
            await using (var connection = new NpgsqlConnection(adminConnectionString))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

                // template0, not template1: whatever an administrator installed into template1 must not leak in.
                await using var command = new NpgsqlCommand(
                    $"CREATE DATABASE {SqlIdentifier.Quote(name)} TEMPLATE template0 ENCODING 'UTF8'",
                    connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (bootstrap is { IsEmpty: false })
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await bootstrap.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return database;
        }
        catch
        {
            // A cancelled CREATE DATABASE may still have completed on the server; IF EXISTS covers both cases.
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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

    /// <summary>
    /// Drops the database. Never takes a cancellation token: cleanup must run precisely when the run was cancelled.
    /// Failing to reach the server still throws, so a leak on a borrowed server is reported, not hidden.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Idle pooled connections would otherwise be killed by FORCE and handed out broken later.
        using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // The container or cluster, and every database in it, is already gone.
        if (server is { IsDisposed: true, OwnsItsServer: true })
        {
            return;
        }

        // Unpooled: after a server restart a pooled admin connection is dead, and the drop would fail on it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {SqlIdentifier.Quote(Name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public override string ToString() => Name;

    /// <summary>
    /// The prefix keeps leftovers on a shared server attributable; the GUID makes the name unique across parallel
    /// runs sharing one server. Only [a-z0-9_], so the name needs no quoting when a developer types it.
    /// </summary>
    public static string UniqueName(string? prefix)
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
            readable.Append("throwaway");
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{readable}_{Guid.NewGuid():N}");
        return name.Length <= MaxIdentifierBytes ? name : name[..MaxIdentifierBytes];
    }
}
