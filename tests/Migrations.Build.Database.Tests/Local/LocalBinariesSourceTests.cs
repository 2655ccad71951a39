using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Database.Tests.Local;

/// <summary>
/// The third source on its own: a temporary cluster from the PostgreSQL server binaries on this machine (initdb and
/// pg_ctl as the postgres user when running as root), with everything removed afterwards.
/// </summary>
[TestClass]
public sealed class LocalBinariesSourceTests
{
    private const string ClusterDirectoryPattern = "migrations-build-pg-*";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_cluster_serves_a_database_and_everything_is_gone_after_dispose()
    {
        // A root of its own (in /tmp, which the postgres user can reach) so that only this test's cluster is looked at.
        var root = Directory.CreateDirectory(Path.Combine("/tmp", "mbt-local-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var orphan = await PlantOrphanClusterDirectoryAsync(root);
        var log = new List<string>();
        try
        {
            var start = await ThrowawayServer.StartAsync(
                new ThrowawayServerOptions { ReadVariable = _ => null, TemporaryRoot = root, Log = log.Add },
                TestContext.CancellationToken);
            Assert.IsTrue(start.Started, start.Unavailable?.ToString());
            string name;
            await using (var server = start.Server)
            {
                TestContext.WriteLine(server.Description);
                if (server.Source == ThrowawayServerSource.Docker)
                {
                    Assert.Inconclusive("Docker answered on this machine, so the local binaries were not needed");
                }

                Assert.AreEqual(ThrowawayServerSource.LocalBinaries, server.Source);
                Assert.IsTrue(server.OwnsItsServer);
                Assert.IsFalse(Directory.Exists(orphan), "a cluster directory left by a dead process is reaped on the next start");
                Assert.HasCount(1, Directory.GetDirectories(root, ClusterDirectoryPattern));

                await using (var database = await server.CreateDatabaseAsync("binaries", cancellationToken: TestContext.CancellationToken))
                {
                    name = database.Name;
                    await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
                    await using var command = new NpgsqlCommand(
                        "create table note (body text); insert into note values ('kept'); select current_database() || ':' || (select body from note)",
                        connection);
                    Assert.AreEqual($"{name}:kept", await command.ExecuteScalarAsync(TestContext.CancellationToken));
                    Assert.IsTrue(await ServerCatalog.DatabaseExistsAsync(server.AdminConnectionString, name));
                }

                Assert.IsFalse(await ServerCatalog.DatabaseExistsAsync(server.AdminConnectionString, name), "dispose drops the database");
            }

            Assert.IsEmpty(Directory.GetDirectories(root, ClusterDirectoryPattern), "dispose stops the cluster and deletes its directory");
            Assert.HasCount(1, log);
            StringAssert.Contains(log[0], "local cluster from ");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public async Task Docker_that_does_not_answer_is_reported_as_skipped_with_its_reason()
    {
        var log = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        var start = await ThrowawayServer.StartAsync(
            new ThrowawayServerOptions { ReadVariable = _ => null, BinDirectories = [], Log = log.Add },
            TestContext.CancellationToken);
        stopwatch.Stop();

        if (start.Started)
        {
            await start.Server.DisposeAsync();
            Assert.Inconclusive("Docker answered on this machine");
        }

        var docker = start.Unavailable.Skipped.Single(skipped => skipped.Source == ThrowawayServerSource.Docker);
        TestContext.WriteLine($"{docker.Reason} ({stopwatch.Elapsed})");
        StringAssert.StartsWith(docker.Reason, "Docker is not available: ");
        StringAssert.Contains(docker.Title, ThrowawayServerOptions.DefaultContainerImage);
        Assert.IsLessThan(TimeSpan.FromSeconds(30), stopwatch.Elapsed, "an absent Docker is noticed at once, not after a timeout");
        Assert.HasCount(1, log);
        StringAssert.Contains(log[0], "Docker: Docker is not available");
    }

    [TestMethod]
    public async Task The_configured_image_is_the_one_asked_for()
    {
        var start = await ThrowawayServer.StartAsync(
            new ThrowawayServerOptions { ReadVariable = _ => null, BinDirectories = [], ContainerImage = "postgres:16-alpine" },
            TestContext.CancellationToken);
        if (start.Started)
        {
            await start.Server.DisposeAsync();
            Assert.Inconclusive("Docker answered on this machine");
        }

        StringAssert.Contains(start.Unavailable.Skipped.Single(skipped => skipped.Source == ThrowawayServerSource.Docker).Title, "postgres:16-alpine");
    }

    /// <summary>A cluster directory whose owner.pid names a process that has exited, as a killed build leaves behind.</summary>
    private static async Task<string> PlantOrphanClusterDirectoryAsync(string root)
    {
        using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await finished.WaitForExitAsync();
        var orphan = Directory.CreateDirectory(Path.Combine(root, "migrations-build-pg-deadbeef0000")).FullName;
        await File.WriteAllTextAsync(Path.Combine(orphan, "owner.pid"), finished.Id.ToString(CultureInfo.InvariantCulture));
        return orphan;
    }
}
