namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// A `-- migrations:no-transaction` migration stopped inside its pg_sleep, after its first statement committed: history
/// must say partial with the count of completed statements whether the connection or the whole build died, and
/// deploys must stay refused (MIG1008) until someone settles it with ResolveMigration.
/// </summary>
[TestClass]
public sealed class NoTransactionMigrationFaultTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_terminated_backend_leaves_a_partial_row_that_blocks_deploys_until_resolved()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_nt_terminate", TestContext.CancellationToken);
        var forward = SleepingMigrations.WriteNoTransaction(scenario.Project);

        var result = await DeployInFlight.InterruptAsync(scenario, deploy => scenario.Database.TerminateAsync(deploy.Backend), TestContext.CancellationToken);

        FaultAssert.ConnectionLost(result, forward, SleepingMigrations.NoTransactionSleepLine, scenario);
        await AssertPartialThenResolvedAsync(scenario, forward);
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Killing_the_build_tree_leaves_a_partial_row_that_blocks_deploys_until_resolved()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_nt_kill", TestContext.CancellationToken);
        var forward = SleepingMigrations.WriteNoTransaction(scenario.Project);

        await DeployInFlight.InterruptAsync(scenario, deploy => Task.Run(deploy.Build.KillTree), TestContext.CancellationToken);

        // The server ends the orphaned session (and its lock) once it notices the client is gone; until then a
        // deploy would only wait for the lock, which is not what this test is about.
        await FaultAssert.LockReleasedAsync(scenario.Database, TimeSpan.FromSeconds(45), TestContext.CancellationToken);
        await AssertPartialThenResolvedAsync(scenario, forward);
    }

    private static async Task AssertPartialThenResolvedAsync(FaultScenario scenario, string forward)
    {
        var version = SleepingMigrations.NoTransactionVersion;
        var rows = await scenario.Database.DeployRowsAsync(version);
        Assert.HasCount(1, rows, string.Join(Environment.NewLine, rows));
        Assert.AreEqual("partial", rows[0].Status, rows[0].ToString());
        Assert.AreEqual(SleepingMigrations.NoTransactionStatementsBeforeSleep, rows[0].StatementsDone, rows[0].ToString());
        Assert.IsTrue(await scenario.Database.TableExistsAsync("step_one"), "the statement before the sleep committed on its own");
        Assert.IsFalse(await scenario.Database.TableExistsAsync("step_three"), "a statement after the sleep ran");

        var blocked = scenario.Deploy();
        FaultAssert.FailedCleanly(blocked);
        BuildAssert.HasDiagnostic(blocked, "error", forward, 1, 1, "MIG1008", $"Migration {SleepingMigrations.NoTransaction} stopped part way on Staging (1 of 3 statements applied)…", scenario.Project.ProjectPath);

        // Repair by hand, as the MIG1008 fix says, then record that the database is back to before the migration.
        await scenario.Database.ExecuteAsync("drop table step_one");
        var resolved = scenario.Project.Msbuild("ResolveMigration", scenario.Database.StagingEnvironment, "-p:MigrationsEnvironment=Staging", $"-p:Migration={version}", "-p:As=rolled_back", "-p:Reason=dropped step_one by hand");
        BuildAssert.Succeeded(resolved);

        SleepingMigrations.WriteNoTransaction(scenario.Project, sleepSeconds: 0);
        await FaultAssert.RedeploySucceedsAsync(scenario, version, "step_one", "step_three");
    }
}
