namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// A migration that runs in one transaction, interrupted inside its pg_sleep by a dead build, a dead connection or
/// a history table that refuses the success row: each time nothing of it may remain, history must tell the truth,
/// and the next deploy must go through.
/// </summary>
[TestClass]
public sealed class TransactionalMigrationFaultTests
{
    /// <summary>
    /// The sleep lasts 30 s; PostgreSQL 14+ notices a vanished client during it only because the product sets
    /// client_connection_check_interval, so a lock released well before the sleep would end proves that setting works.
    /// </summary>
    private static readonly TimeSpan DeadClientNoticed = TimeSpan.FromSeconds(15);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Killing_the_build_tree_mid_migration_leaves_nothing_behind_and_frees_the_lock()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_kill", TestContext.CancellationToken);
        SleepingMigrations.WriteTransactional(scenario.Project);

        await DeployInFlight.InterruptAsync(scenario, KillTreeIncludingTaskHostAsync, TestContext.CancellationToken);

        await FaultAssert.LockReleasedAsync(scenario.Database, DeadClientNoticed, TestContext.CancellationToken);
        Assert.AreEqual(0L, await scenario.Database.OurSessionsAsync(), "a session of the killed deploy is still connected");
        var rows = await scenario.Database.DeployRowsAsync(SleepingMigrations.TransactionalVersion);
        Assert.IsFalse(rows.Any(row => row.Status == "succeeded"), string.Join(Environment.NewLine, rows));
        await FaultAssert.TransactionalRolledBackThenRedeploysAsync(scenario);
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_terminated_backend_fails_with_connection_lost_at_the_running_statement()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_terminate", TestContext.CancellationToken);
        var forward = SleepingMigrations.WriteTransactional(scenario.Project);

        var result = await DeployInFlight.InterruptAsync(scenario, deploy => scenario.Database.TerminateAsync(deploy.Backend), TestContext.CancellationToken);

        await FaultAssert.TransactionalConnectionLostAsync(result, scenario, forward);
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_history_table_that_refuses_the_success_row_fails_loudly_and_rolls_the_migration_back()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_history", TestContext.CancellationToken);
        // Long enough to install the trigger while the migration sleeps; the success row is written after the sleep.
        SleepingMigrations.WriteTransactional(scenario.Project, sleepSeconds: 10);

        // The history table exists by now (created before the migration started); from here on, inserts fail.
        var result = await DeployInFlight.InterruptAsync(
            scenario,
            _ => scenario.Database.ExecuteAsync(
                """
                create function public.refuse_history() returns trigger language plpgsql as $$
                begin
                    raise exception 'history is read-only in this test';
                end
                $$;
                create trigger refuse_history before insert on migrations_build.history
                    for each row execute function public.refuse_history();
                """),
            TestContext.CancellationToken);

        FaultAssert.FailedCleanly(result);
        StringAssert.Contains(result.Output, "error MIG1020: ", result.ToString());
        StringAssert.Contains(result.Output, "migrations_build.history", result.ToString());
        Assert.DoesNotContain("MIG1001", result.Output, "an unwritable history table is not an unreachable server: " + result);
        Assert.IsFalse(await scenario.Database.TableExistsAsync("fault_a"), "the migration committed although its history row could not be written");
        Assert.IsFalse(await scenario.Database.TableExistsAsync("fault_b"), "the migration committed although its history row could not be written");
    }

    /// <summary>
    /// The process holding the connection is the build itself (the database task from the package runs in process) or,
    /// for a task assembly from a build output, a task-host child (an MSBuild node): a kill that spared either would
    /// leave the migration running. Record the tree, kill it, and check every member died.
    /// </summary>
    private async Task KillTreeIncludingTaskHostAsync(DeployInFlight deploy)
    {
        var tree = deploy.Build.Descendants();
        deploy.Build.KillTree();
        await Poll.UntilAsync(
            () => Task.FromResult(!DotnetProcess.IsRunning(deploy.Build.Id) && !tree.Any(DotnetProcess.IsRunning)),
            TimeSpan.FromSeconds(30),
            "every process of the killed build to end",
            () => Task.FromResult(string.Join("; ", tree.Where(DotnetProcess.IsRunning).Select(DotnetProcess.CommandLine))),
            TestContext.CancellationToken);
    }
}
