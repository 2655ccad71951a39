using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Snapshots;

/// <summary>
/// A fresh database in which a test takes a snapshot, changes the schema, takes another and compares them, with the
/// states named as TestMigration names them ("before" and "after rollback").
/// </summary>
internal sealed class SnapshotScenario : IAsyncDisposable
{
    private readonly TestDatabase database;
    private readonly List<string> roles = [];

    private SnapshotScenario(TestDatabase database, NpgsqlConnection connection)
    {
        this.database = database;
        Connection = connection;
    }

    public NpgsqlConnection Connection { get; }

    public static async Task<SnapshotScenario> StartAsync(string prefix, CancellationToken cancellationToken)
    {
        var database = await PostgresServer.CreateDatabaseAsync(prefix, cancellationToken);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        return new SnapshotScenario(database, connection);
    }

    /// <summary>
    /// Lines describing how the schema after <paramref name="change"/> differs from the schema after
    /// <paramref name="setup"/>.
    /// </summary>
    /// <param name="setupTables">Also create tables <c>a</c> and <c>b</c> first (for publications).</param>
    public static async Task<string[]> DiffAsync(string setup, string change, CancellationToken cancellationToken, bool setupTables = false)
    {
        await using var scenario = await StartAsync("snapshot", cancellationToken);
        if (setupTables)
        {
            await scenario.ExecuteAsync("create table a (id int primary key); create table b (id int primary key)", cancellationToken);
        }

        return await scenario.DiffAsync(setup, change, cancellationToken);
    }

    public async Task<string[]> DiffAsync(string setup, string change, CancellationToken cancellationToken)
    {
        await ExecuteAsync(setup, cancellationToken);
        var before = await ReadAsync(cancellationToken);
        await ExecuteAsync(change, cancellationToken);
        var after = await ReadAsync(cancellationToken);
        return [.. SchemaDiff.Compare(before, after, "before", "after rollback").Select(difference => difference.ToString())];
    }

    public Task<SchemaSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        SchemaSnapshotReader.ReadAsync(Connection, SnapshotOptions.Default, cancellationToken);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql, Connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// A login-less role with a name unique to this scenario. Roles belong to the cluster, not the database, so they
    /// are dropped when the scenario ends, after the database that may hold their objects.
    /// </summary>
    public async Task<string> CreateRoleAsync(string purpose, CancellationToken cancellationToken)
    {
        var name = $"snap_{purpose}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync($"create role {name} nologin", cancellationToken);
        roles.Add(name);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await database.DisposeAsync();
        if (roles.Count == 0)
        {
            return;
        }

        var server = await PostgresServer.GetAsync();
        await using var admin = new NpgsqlConnection(server.AdminConnectionString);
        await admin.OpenAsync();
        foreach (var role in roles)
        {
            await using var drop = new NpgsqlCommand($"drop role if exists {role}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
