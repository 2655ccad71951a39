using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Local;

/// <summary>
/// The first source: MIGRATIONS_LOCAL_URL, read through the injected variable reader, names a server (here the test
/// suite's own cluster) on which the throwaway database is created and from which it is dropped again.
/// </summary>
[TestClass]
public sealed class UrlSourceTests
{
    private const string Secret = "hunter2-secret";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_server_named_by_MIGRATIONS_LOCAL_URL_gets_the_database_and_loses_it_afterwards()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);

        // No database in the URL: a server URL means the maintenance database, not one named after the user.
        var url = ServerCatalog.ToUri(shared.AdminConnectionString, withDatabase: false);
        var asked = new List<string>();
        var log = new List<string>();
        var options = new ThrowawayServerOptions
        {
            ReadVariable = name =>
            {
                asked.Add(name);
                return name == ThrowawayServerOptions.LocalUrlVariable ? url : null;
            },
            UseDocker = false,
            BinDirectories = [],
            Log = log.Add,
        };

        var start = await ThrowawayServer.StartAsync(options, TestContext.CancellationToken);

        Assert.IsTrue(start.Started, start.Unavailable?.ToString());
        string name;
        await using (var server = start.Server)
        {
            Assert.AreEqual(ThrowawayServerSource.Url, server.Source);
            Assert.IsFalse(server.OwnsItsServer);
            StringAssert.StartsWith(server.Description, "MIGRATIONS_LOCAL_URL: postgres://");
            StringAssert.EndsWith(server.Description, "/postgres, PostgreSQL " + server.Release);
            await using (var database = await server.CreateDatabaseAsync("via_local_url", cancellationToken: TestContext.CancellationToken))
            {
                name = database.Name;
                Assert.IsTrue(await ServerCatalog.DatabaseExistsAsync(shared.AdminConnectionString, name), "created on the server the URL names");
                await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
                await using var command = new NpgsqlCommand("select current_database()", connection);
                Assert.AreEqual(name, await command.ExecuteScalarAsync(TestContext.CancellationToken));
            }

            Assert.IsFalse(await ServerCatalog.DatabaseExistsAsync(shared.AdminConnectionString, name), "dropped on dispose");
        }

        CollectionAssert.AreEqual(new[] { ThrowawayServerOptions.LocalUrlVariable }, asked);
        Assert.HasCount(1, log);
        StringAssert.StartsWith(log[0], "Throwaway PostgreSQL server: MIGRATIONS_LOCAL_URL: ");

        // A borrowed server keeps running after the throwaway server object is disposed.
        await using var stillThere = await shared.CreateDatabaseAsync("after_local_url", TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task A_URL_that_is_set_but_unreachable_is_final_and_never_shows_its_password()
    {
        var url = $"postgres://someone:{Secret}@127.0.0.1:{Engine.Local.FreeTcpPort.OnLoopback()}/db?connect_timeout=3";
        var log = new List<string>();

        var start = await ThrowawayServer.StartAsync(
            new ThrowawayServerOptions { ReadVariable = _ => url, Log = log.Add },
            TestContext.CancellationToken);

        Assert.IsFalse(start.Started);
        var diagnostic = start.Unavailable.ToDiagnostic();
        TestContext.WriteLine(diagnostic.ToString());
        Assert.HasCount(1, start.Unavailable.Skipped, "a URL set on purpose must not fall back to Docker or local binaries");
        StringAssert.Contains(diagnostic.Message, "MIGRATIONS_LOCAL_URL (an existing server): set, but unusable: ");
        Assert.DoesNotContain(Secret, diagnostic.Message);
        Assert.DoesNotContain(Secret, log.Single());
    }

    [TestMethod]
    public async Task A_failure_after_CREATE_DATABASE_drops_the_database_again()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var project = Directory.CreateTempSubdirectory("mbt-bootstrap-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project, "broken.sql"), "create table fine (id int);\nselect no_such_function();\n", TestContext.CancellationToken);
            var bootstrap = LocalBootstrap.Resolve("broken.sql", project);
            var prefix = "broken_" + Guid.NewGuid().ToString("N")[..8];

            var exception = await Assert.ThrowsExactlyAsync<LocalBootstrapException>(
                () => ThrowawayDatabase.CreateAsync(shared.AdminConnectionString, prefix, bootstrap, TestContext.CancellationToken));

            TestContext.WriteLine(exception.Message);
            StringAssert.Contains(exception.Message, "MigrationsLocalBootstrap");
            StringAssert.Contains(exception.Message, "line 2");
            StringAssert.Contains(exception.Message, "no_such_function");
            Assert.IsEmpty(await ServerCatalog.DatabasesStartingWithAsync(shared.AdminConnectionString, prefix));
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [TestMethod]
    public async Task Cancellation_after_CREATE_DATABASE_drops_the_database_again()
    {
        var shared = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var project = Directory.CreateTempSubdirectory("mbt-bootstrap-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project, "slow.sql"), "select pg_sleep(30);", TestContext.CancellationToken);
            var bootstrap = LocalBootstrap.Resolve("slow.sql", project);
            var prefix = "cancelled_" + Guid.NewGuid().ToString("N")[..8];
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
            cancellation.CancelAfter(TimeSpan.FromSeconds(2));

            await Assert.ThrowsAsync<OperationCanceledException>(
                () => ThrowawayDatabase.CreateAsync(shared.AdminConnectionString, prefix, bootstrap, cancellation.Token));

            Assert.IsEmpty(await ServerCatalog.DatabasesStartingWithAsync(shared.AdminConnectionString, prefix));
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
