using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests;

[TestClass]
public sealed class FreshDatabaseTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ServerReportsPostgreSql()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        TestContext.WriteLine($"PostgreSQL for tests: {server.Description}");
        await using var database = await PostgresServer.CreateDatabaseAsync("version", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);

        var version = (string?)await Scalar(connection, "select version()");

        StringAssert.StartsWith(version, "PostgreSQL ");
    }

    [TestMethod]
    public async Task TwoDatabasesAreDistinctAndEmpty()
    {
        await using var first = await PostgresServer.CreateDatabaseAsync("distinct", TestContext.CancellationToken);
        await using var second = await PostgresServer.CreateDatabaseAsync("distinct", TestContext.CancellationToken);
        await using var firstConnection = await first.OpenConnectionAsync(TestContext.CancellationToken);
        await using var secondConnection = await second.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.AreNotEqual(first.Name, second.Name);
        Assert.AreEqual(first.Name, await Scalar(firstConnection, "select current_database()"));
        Assert.AreEqual(second.Name, await Scalar(secondConnection, "select current_database()"));
        Assert.AreEqual(0L, await UserTableCount(firstConnection));
        Assert.AreEqual(0L, await UserTableCount(secondConnection));
    }

    [TestMethod]
    public async Task TableCreatedInOneDatabaseIsAbsentFromAnother()
    {
        await using var first = await PostgresServer.CreateDatabaseAsync("isolation", TestContext.CancellationToken);
        await using var second = await PostgresServer.CreateDatabaseAsync("isolation", TestContext.CancellationToken);
        await using var firstConnection = await first.OpenConnectionAsync(TestContext.CancellationToken);
        await using var secondConnection = await second.OpenConnectionAsync(TestContext.CancellationToken);

        await Scalar(firstConnection, "create table orders (id int primary key)");

        Assert.AreEqual("orders", await Scalar(firstConnection, "select to_regclass('public.orders')::text"));
        Assert.IsNull(await Scalar(secondConnection, "select to_regclass('public.orders')::text"));
    }

    [TestMethod]
    public async Task DatabaseIsGoneAfterDisposeEvenWithAnOpenConnection()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var database = await server.CreateDatabaseAsync("dropped", TestContext.CancellationToken);
        var leftOpen = await database.OpenConnectionAsync(TestContext.CancellationToken);
        Assert.IsTrue(await DatabaseExists(server, database.Name));

        await database.DisposeAsync();

        Assert.IsFalse(await DatabaseExists(server, database.Name));
        await leftOpen.DisposeAsync();
    }

    [TestMethod]
    public async Task HostilePrefixStillYieldsAUsableDatabase()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("Robert\"; DROP DATABASE postgres; --", TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);

        Assert.AreEqual(database.Name, await Scalar(connection, "select current_database()"));
        StringAssert.StartsWith(database.Name, "robert___drop_database_postgre_");
        Assert.IsTrue(database.Name.Length <= 63, database.Name);
    }

    [TestMethod]
    public async Task ConcurrentCallersShareOneServer()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostgresServer.GetAsync(TestContext.CancellationToken)));
        var databases = await Task.WhenAll(servers.Select(server => server.CreateDatabaseAsync("concurrent", TestContext.CancellationToken)));
        try
        {
            Assert.AreEqual(1, servers.Distinct().Count());
            Assert.AreEqual(databases.Length, databases.Select(database => database.Name).Distinct().Count());
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task<object?> UserTableCount(NpgsqlConnection connection) =>
        await Scalar(connection, "select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");

    private static async Task<bool> DatabaseExists(RunningPostgresServer server, string name)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
