using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Local;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Local;

/// <summary>
/// The throwaway server's major version against the target's, with real servers of two major versions: the test
/// server stands for Staging, and a cluster from another version's binaries (.ci/run installs 13 and 18) is the
/// throwaway one. A second version missing on the machine is installed from npm (PostgresReleases), never skipped.
/// </summary>
[TestClass]
public sealed class ServerVersionTests
{
    private const string Id = "20250101000000_add_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TestMigration_on_Local_warns_MIG1036_when_the_throwaway_server_is_another_major_version_than_Staging()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("versions_staging", TestContext.CancellationToken);
        var target = await PostgresReleases.MajorOfAsync(staging.ConnectionString, TestContext.CancellationToken);
        var (other, otherMajor) = await OtherThanAsync(target);

        var log = await ProveOnLocalAsync(other, [new EnvironmentDeclaration("Staging", "STAGING_URL")], "STAGING_URL", staging.ConnectionString);

        var warning = log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1036");
        StringAssert.StartsWith(warning.Message, $"The throwaway Local server runs PostgreSQL {otherMajor}, but Staging runs PostgreSQL {target}: ");
        StringAssert.Contains(warning.Message, $"Install PostgreSQL {target}'s server binaries");
        Assert.IsTrue(log.Messages.Any(message => message.Contains($"local cluster from {other} (found via configuration)", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task Production_is_never_connected_to_for_its_version_even_with_its_URL_set()
    {
        // Only Production's URL is set, pointing at a server of another major version than the throwaway one: a
        // proof must not open a connection to a confirmation-gated environment, so nothing is matched or warned about.
        await using var production = await PostgresServer.CreateDatabaseAsync("versions_production", TestContext.CancellationToken);
        var target = await PostgresReleases.MajorOfAsync(production.ConnectionString, TestContext.CancellationToken);
        var (other, otherMajor) = await OtherThanAsync(target);

        var log = await ProveOnLocalAsync(other, [], "SUPABASE_PRODUCTION_URL", production.ConnectionString);

        Assert.IsFalse(log.Diagnostics.Any(diagnostic => diagnostic.Code == "MIG1036"), log.ToString());
        Assert.IsTrue(log.Messages.Any(message => message.Contains($", PostgreSQL {otherMajor} (no target environment's version was read in this run, so none was matched)", StringComparison.Ordinal)), log.ToString());
    }

    [TestMethod]
    public async Task The_binaries_of_the_target_major_version_are_chosen_over_those_found_first()
    {
        var target = await PostgresReleases.MajorOfAsync((await PostgresServer.GetAsync(TestContext.CancellationToken)).AdminConnectionString, TestContext.CancellationToken);
        var (other, _) = await OtherThanAsync(target);
        var same = await PostgresReleases.EnsureAsync(target, TestContext.CancellationToken);
        var log = new List<string>();

        var start = await ThrowawayServer.StartAsync(
            new ThrowawayServerOptions { ReadVariable = _ => null, UseDocker = false, BinDirectories = [other, same], Target = new TargetServer("Staging", new PostgresRelease(target, 0)), Log = log.Add },
            TestContext.CancellationToken);

        Assert.IsTrue(start.Started, start.Unavailable?.ToString());
        await using var server = start.Server;
        Assert.AreEqual(target, server.Release?.Major);
        Assert.IsNull(ServerVersionMismatch.Check(server, new ThrowawayServerOptions { Target = new TargetServer("Staging", new PostgresRelease(target, 0)) }));
        StringAssert.Contains(log.Single(), $"local cluster from {same} ");
        StringAssert.Contains(log.Single(), $", PostgreSQL {target} (for Staging, which runs PostgreSQL {target})");
    }

    [TestMethod]
    public async Task Without_a_target_the_first_binaries_found_are_used_and_the_log_names_their_version()
    {
        var target = await PostgresReleases.MajorOfAsync((await PostgresServer.GetAsync(TestContext.CancellationToken)).AdminConnectionString, TestContext.CancellationToken);
        var (other, otherMajor) = await OtherThanAsync(target);
        var log = new List<string>();

        var start = await ThrowawayServer.StartAsync(
            new ThrowawayServerOptions { ReadVariable = _ => null, UseDocker = false, BinDirectories = [other], Log = log.Add },
            TestContext.CancellationToken);

        Assert.IsTrue(start.Started, start.Unavailable?.ToString());
        await using var server = start.Server;
        Assert.AreEqual(otherMajor, server.Release?.Major);
        StringAssert.Contains(log.Single(), $", PostgreSQL {otherMajor} (no target environment's version was read in this run, so none was matched)");
    }

    /// <summary>TestMigration of one pair on Local, built from <paramref name="binDirectory"/>, with one URL variable set; asserts it passed.</summary>
    private async Task<RecordingLog> ProveOnLocalAsync(string binDirectory, EnvironmentDeclaration[] environments, string urlVariable, string url)
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mb-versions-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, Id + ".sql"), "create table customers (id int primary key);\n");
            File.WriteAllText(Path.Combine(root, Id + "_rollback.sql"), "drop table customers;\n");
            var log = new RecordingLog();
            var proven = await TestCommand.RunAsync(
                new OperationSettings
                {
                    MigrationsDirectory = root,
                    EnvironmentName = "Local",
                    ProjectDirectory = root,
                    ProjectPath = "db.proj",
                    Environments = environments,
                    LocalBinDirectory = binDirectory,
                    ReadVariable = name => name == urlVariable ? url : null,
                },
                log,
                TestContext.CancellationToken);
            Assert.IsTrue(proven, log.ToString());
            return log;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private Task<(string BinDirectory, int Major)> OtherThanAsync(int major) =>
        PostgresReleases.EnsureOtherThanAsync(major, TestContext.CancellationToken);
}
