namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// The server itself goes away in the middle of a transactional migration (a fast restart, as in a failover) and comes
/// back: the deploy must fail with MIG1021, record the attempt once the server answers again, and leave nothing behind.
/// </summary>
[TestClass]
public sealed class ServerRestartFaultTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_fast_restart_of_the_server_fails_with_connection_lost_and_records_the_attempt()
    {
        // Restarting the shared test server would break every test running beside this one.
        await using var cluster = await RestartableCluster.StartAsync(TestContext.CancellationToken);
        if (cluster is null)
        {
            Assert.Inconclusive("No PostgreSQL server binaries (initdb, pg_ctl) on this machine to start a cluster this test may restart.");
            return;
        }

        await using var scenario = FaultScenario.On(await cluster.CreateDatabaseAsync("e2e_restart", TestContext.CancellationToken));
        var forward = SleepingMigrations.WriteTransactional(scenario.Project);

        var result = await DeployInFlight.InterruptAsync(scenario, _ => cluster.RestartFastAsync(TestContext.CancellationToken), TestContext.CancellationToken);

        await FaultAssert.TransactionalConnectionLostAsync(result, scenario, forward);
    }
}
