using System.Globalization;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// Eight deploys started at the same moment on one database, as when several pipelines fire for one merge: the
/// migration lock must make them take turns, so every migration is applied exactly once and nobody deadlocks.
/// </summary>
[TestClass]
public sealed class ConcurrentDeployTests
{
    private const int Deployers = 8;

    /// <summary>Every deploy after the first waits for the lock; the wait only has to outlast the others' runs.</summary>
    private static readonly TimeSpan AllFinishedDeadline = TimeSpan.FromMinutes(8);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public async Task Eight_simultaneous_deploys_apply_every_migration_exactly_once()
    {
        await using var server = await PostgresServer.CreateDatabaseAsync("e2e_concurrent", TestContext.CancellationToken);
        var database = FaultDatabase.Of(server);

        // One project folder per deployer, like separate CI agents: eight builds restoring into one obj folder
        // would fight over its files, which is not the race under test.
        var deployers = Enumerable.Range(0, Deployers).Select(_ => ConsumerProject.Create(ConsumerKind.MigrationsOnly)).ToList();
        try
        {
            await DeployRoundAsync(deployers, database, migrations: 30);

            // A second round on the same history: 10 new migrations, and 30 that every deployer must skip.
            await DeployRoundAsync(deployers, database, migrations: 40);
        }
        finally
        {
            deployers.ForEach(project => project.Dispose());
        }
    }

    private async Task DeployRoundAsync(IReadOnlyList<ConsumerProject> deployers, FaultDatabase database, int migrations)
    {
        foreach (var project in deployers)
        {
            for (var number = 1; number <= migrations; number++)
            {
                project.Write($"migrations/{Id(number)}.sql", $"create table concurrent_{number:00} (id int);\n");
                project.Write($"migrations/{Id(number)}_rollback.sql", $"drop table concurrent_{number:00};\n");
            }
        }

        var builds = deployers
            .Select(project => project.StartMsbuild("DeployMigration", database.StagingEnvironment, "-p:MigrationsEnvironment=Staging", "-p:MigrationsLockWait=120s"))
            .ToList();
        DotnetResult[] results;
        try
        {
            results = await Task.WhenAll(builds.Select(build => build.WaitForExitAsync(AllFinishedDeadline, TestContext.CancellationToken)));
        }
        finally
        {
            builds.ForEach(build => build.Dispose());
        }

        foreach (var result in results)
        {
            // Waiting out the lock is allowed to fail, but only as MIG1005 naming who held it — never another error.
            var errors = result.Lines.Where(line => line.Contains(": error ", StringComparison.Ordinal)).ToList();
            Assert.IsTrue(
                result.ExitCode == 0 || (errors.Count > 0 && errors.All(line => line.Contains("error MIG1005: ", StringComparison.Ordinal) && line.Contains("held by pid ", StringComparison.Ordinal))),
                result.ToString());
            Assert.IsFalse(result.ExitCode == 0 && errors.Count > 0, result.ToString());
            Assert.DoesNotContain("deadlock", result.Output, result.ToString());
        }

        var applied = await database.ScalarAsync(
            "select string_agg(version || ' x' || n, ', ' order by version) from (select version, count(*) n from migrations_build.history where operation = 'deploy' and status = 'succeeded' group by version) counts");
        var expected = string.Join(", ", Enumerable.Range(1, migrations).Select(number => Id(number)[..14] + " x1"));
        Assert.AreEqual(expected, applied, "each migration must be applied exactly once");
        for (var number = 1; number <= migrations; number++)
        {
            Assert.IsTrue(await database.TableExistsAsync($"concurrent_{number:00}"), $"concurrent_{number:00} is missing");
        }
    }

    /// <summary>Migration <paramref name="number"/>: one minute apart from 2025-01-01, so versions sort as numbered.</summary>
    private static string Id(int number) =>
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(number).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + $"_create_concurrent_{number:00}";
}
