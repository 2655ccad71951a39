using System.Net;
using System.Net.Sockets;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Commands;

/// <summary>
/// A deploy opens its connection while the folder validates: the operation takes that very connection, a failed
/// opening fails the operation as a late one would, and a connection nobody takes is closed. Nothing is opened for an
/// environment that asks for confirmation, nor when the history location is unusable.
/// </summary>
[TestClass]
public sealed class ConnectionPrefetchTests
{
    private const string Id = "20250210000000_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_operation_takes_the_prefetched_connection_once_and_only_for_its_own_purpose()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("prefetch_take", TestContext.CancellationToken);
        var context = Context(database.ConnectionString);
        await using var prefetch = ConnectionPrefetch.Start(
            OperationConnection.ConnectionStringFor(database.ConnectionString, context.EnvironmentName, context.ToolVersion, DeployOperation.ConnectionPurpose),
            TestContext.CancellationToken);
        await WaitForSessionsAsync(database, 1);

        await using var other = await OperationConnection.OpenAsync(context with { Prefetch = prefetch }, "status", TestContext.CancellationToken);
        Assert.AreEqual(2, await SessionsAsync(database), "another purpose opens its own connection");
        await using var taken = await OperationConnection.OpenAsync(context with { Prefetch = prefetch }, DeployOperation.ConnectionPurpose, TestContext.CancellationToken);
        Assert.AreEqual(2, await SessionsAsync(database), "the deploy's connection is the one opened ahead, not a third");
        await using var again = await OperationConnection.OpenAsync(context with { Prefetch = prefetch }, DeployOperation.ConnectionPurpose, TestContext.CancellationToken);
        Assert.AreEqual(3, await SessionsAsync(database), "it is taken once");

        await prefetch.DisposeAsync();
        await using var command = new NpgsqlCommand("select 1", taken);
        Assert.AreEqual(1, await command.ExecuteScalarAsync(TestContext.CancellationToken), "disposing the prefetch leaves a taken connection to its taker");
    }

    [TestMethod]
    public async Task A_failed_opening_reaches_whoever_takes_it_as_the_servers_own_error()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("prefetch_fail", TestContext.CancellationToken);
        var missing = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = database.Name + "_missing" }.ConnectionString;
        var context = Context(missing);
        await using var prefetch = ConnectionPrefetch.Start(
            OperationConnection.ConnectionStringFor(missing, context.EnvironmentName, context.ToolVersion, DeployOperation.ConnectionPurpose),
            TestContext.CancellationToken);

        var thrown = await Assert.ThrowsExactlyAsync<PostgresException>(() => OperationConnection.OpenAsync(context with { Prefetch = prefetch }, DeployOperation.ConnectionPurpose, TestContext.CancellationToken));

        Assert.AreEqual(PostgresErrorCodes.InvalidCatalogName, thrown.SqlState);
    }

    [TestMethod]
    public async Task A_deploy_whose_folder_does_not_validate_closes_the_connection_it_opened_ahead()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("prefetch_invalid", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        File.WriteAllText(Path.Combine(folder.Root, "20250211000000_orders.sql"), "create table orders (id int);\n");
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, database.ConnectionString), log, TestContext.CancellationToken));

        Assert.AreEqual("MIG0001", log.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, log.ToString());
        Assert.DoesNotContain(OperationConnection.PrefetchTakenNote, log.Details);
        Assert.IsTrue(log.Messages.Any(message => message.StartsWith("Environment: Staging — host ", StringComparison.Ordinal)), "where it connected is said, even though the deploy went no further: " + log);
        await WaitForSessionsAsync(database, 0);
        Assert.AreEqual(0L, await ScalarAsync(database, "select count(*) from pg_namespace where nspname = 'migrations_build'"), "nothing was written");
    }

    [TestMethod]
    public async Task A_deploy_that_validates_runs_on_the_connection_opened_ahead()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("prefetch_deploy", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(Settings(folder, database.ConnectionString), log, TestContext.CancellationToken), log.ToString());
        Assert.IsTrue(await DeployCommand.RunAsync(Settings(folder, database.ConnectionString), log, TestContext.CancellationToken), log.ToString());

        Assert.AreEqual(1L, await ScalarAsync(database, "select count(*) from migrations_build.history where status = 'succeeded'"), log.ToString());
        Assert.AreEqual(2, log.Details.Count(detail => detail == OperationConnection.PrefetchTakenNote), "both deploys (the second with nothing pending) went on with the connection opened ahead: " + log);
        await WaitForSessionsAsync(database, 0);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Nothing_is_opened_ahead_for_an_environment_that_asks_for_confirmation_or_an_unusable_history()
    {
        // A listener that only counts who knocks: no connection may reach it before the gates and the checks pass.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"Host=127.0.0.1;Port={((IPEndPoint)listener.LocalEndpoint).Port};Username=nobody;Timeout=2";
        using var folder = new TempMigrations(Id);

        var production = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, url) with { EnvironmentName = "Production", ReadVariable = name => name == "SUPABASE_PRODUCTION_URL" || name == "DATABASE_URL" ? url : null }, production, TestContext.CancellationToken));
        var history = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(Settings(folder, url) with { HistorySchema = "pg_catalog" }, history, TestContext.CancellationToken));

        Assert.IsTrue(production.Diagnostics.Any(diagnostic => diagnostic.IsError), production.ToString());
        Assert.AreEqual("MIG1023", history.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, history.ToString());
        Assert.IsFalse(listener.Pending(), "a connection was attempted before the gates or the history check passed");
    }

    private static OperationContext Context(string connectionString) =>
        new("Staging", connectionString, HistoryLocation.Default, new ExecutionSettings(), TimeSpan.FromSeconds(5), new RecordingLog());

    private static OperationSettings Settings(TempMigrations folder, string url) => new()
    {
        MigrationsDirectory = folder.Root,
        EnvironmentName = "Staging",
        ReadVariable = name => name == "SUPABASE_STAGING_URL" ? url : null,
    };

    /// <summary>Sessions on the test's own database other than the one asking.</summary>
    private static async Task<long> SessionsAsync(TestDatabase database) =>
        (long)(await ScalarAsync(database, $"select count(*) from pg_stat_activity where datname = '{database.Name}' and pid <> pg_backend_pid()"))!;

    private static async Task WaitForSessionsAsync(TestDatabase database, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long sessions;
        while ((sessions = await SessionsAsync(database)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.AreEqual(expected, sessions, $"sessions on {database.Name}");
    }

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        // From the server's maintenance database, so the count is not one higher by the asking session itself.
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false };
        if (!sql.Contains("pg_stat_activity", StringComparison.Ordinal))
        {
            builder.Database = database.Name;
        }

        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
