using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A PostgreSQL cluster of one test's own that checks passwords (scram-sha-256 on loopback). The shared test server
/// trusts every connection, so on it a wrong password is never refused and a password is never really used: a leak
/// from an authentication failure, or from a password Npgsql actually sends, could not show there.
/// </summary>
internal sealed class PasswordCheckingServer : IAsyncDisposable
{
    /// <summary>The role the URLs name; it owns the databases and may create throwaway ones (MIGRATIONS_LOCAL_URL).</summary>
    public const string User = "deploy";

    private readonly LocalCluster cluster;
    private readonly string password;

    private PasswordCheckingServer(LocalCluster cluster, string password)
    {
        this.cluster = cluster;
        this.password = password;
    }

    public string Host => "127.0.0.1";

    public int Port => cluster.Port;

    /// <summary>
    /// Starts the engine's throwaway cluster (trust, so the role can be set up without a password), creates the role
    /// and <paramref name="databases"/>, then switches TCP connections to scram-sha-256.
    /// </summary>
    public static async Task<PasswordCheckingServer> StartAsync(string password, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var search = await PostgresBinDirectorySearch.RunAsync(null, cancellationToken);
        var binaries = search.Usable.FirstOrDefault()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries for the password-checking cluster: {string.Join("; ", search.Rejections)}");
        var cluster = await LocalCluster.StartAsync(binaries.Path, cancellationToken: cancellationToken);
        try
        {
            await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
            {
                await admin.OpenAsync(cancellationToken);
                await ExecuteAsync(admin, $"create role {User} login createdb password '{password.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken);
                foreach (var database in databases)
                {
                    await ExecuteAsync(admin, $"create database {database} owner {User}", cancellationToken);
                }

                // The Unix socket stays trusted for nothing but this setup; every URL goes over TCP.
                await File.WriteAllTextAsync(
                    Path.Combine(cluster.DataDirectory, "pg_hba.conf"),
                    "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
                    cancellationToken);
                await ExecuteAsync(admin, "select pg_reload_conf()", cancellationToken);
            }

            var server = new PasswordCheckingServer(cluster, password);
            await server.WaitUntilPasswordsAreCheckedAsync(cancellationToken);
            return server;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Npgsql settings for <paramref name="database"/> as the role, with the right password.</summary>
    public NpgsqlConnectionStringBuilder Connection(string database) => new()
    {
        Host = Host,
        Port = Port,
        Username = User,
        Password = password,
        Database = database,
        Pooling = false,
    };

    /// <summary>Every history row of <paramref name="database"/>, all columns, as PostgreSQL prints a row.</summary>
    public async Task<string> HistoryTextAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection(database).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select coalesce(string_agg(history::text, E'\\n'), '') from migrations_build.history history", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Connection(database).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, sql, cancellationToken);
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>pg_reload_conf only signals the server: wait until a connection without the password is refused.</summary>
    private async Task WaitUntilPasswordsAreCheckedAsync(CancellationToken cancellationToken)
    {
        var withoutPassword = Connection("postgres");
        withoutPassword.Password = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(withoutPassword.ConnectionString);
                await connection.OpenAsync(cancellationToken);
            }
            catch (NpgsqlException)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException("The cluster still accepts connections without a password after pg_reload_conf.");
    }
}
