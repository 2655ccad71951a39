using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests;

/// <summary>
/// Exercises the MIGRATIONS_TEST_DATABASE_URL path against whatever server this process already has,
/// through injected options so the process environment (shared by parallel tests) is never touched.
/// </summary>
[TestClass]
public sealed class DatabaseUrlSourceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task UriToAnExistingServerIsUsedFirst()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var options = OnlyUrl(ToUri(shared.AdminConnectionString));

        await AssertServesFreshDatabases(options, shared);
    }

    [TestMethod]
    public async Task NpgsqlConnectionStringToAnExistingServerIsUsedFirst()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var options = OnlyUrl(shared.AdminConnectionString);

        await AssertServesFreshDatabases(options, shared);
    }

    private async Task AssertServesFreshDatabases(PostgresServerOptions options, RunningPostgresServer shared)
    {
        await using (var viaUrl = await PostgresServerResolver.StartAsync(options, TestContext.CancellationToken))
        {
            Assert.AreEqual(PostgresServerSource.DatabaseUrl, viaUrl.Source);
            StringAssert.StartsWith(viaUrl.Description, PostgresServerOptions.DatabaseUrlVariable);

            await using var database = await viaUrl.CreateDatabaseAsync("via_url", TestContext.CancellationToken);
            await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
            await using var command = new NpgsqlCommand("select current_database()", connection);
            Assert.AreEqual(database.Name, await command.ExecuteScalarAsync(TestContext.CancellationToken));
        }

        // A server reached by URL is borrowed: disposing it must leave the server itself running.
        await using var stillThere = await shared.CreateDatabaseAsync("after_url", TestContext.CancellationToken);
    }

    /// <summary>Nothing to fall back on, so a passing test proves the URL path alone did the work.</summary>
    private static PostgresServerOptions OnlyUrl(string databaseUrl) => new()
    {
        DatabaseUrl = databaseUrl,
        UseTestcontainers = false,
        BinDirectories = [],
    };

    private static string ToUri(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var userInfo = Uri.EscapeDataString(builder.Username!)
            + (string.IsNullOrEmpty(builder.Password) ? string.Empty : ":" + Uri.EscapeDataString(builder.Password));
        var host = builder.Host!.Contains(':') ? $"[{builder.Host}]" : builder.Host;
        return $"postgres://{userInfo}@{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
    }
}
