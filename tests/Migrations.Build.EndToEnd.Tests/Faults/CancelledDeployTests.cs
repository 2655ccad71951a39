using System.Diagnostics;
using System.Globalization;

namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// Ctrl+C on a deploy from the packed SDK, whose database task runs in the build's own process (no task host): the
/// task is cancelled through ICancelableTask, the running statement is cancelled on the server, nothing of the
/// migration remains, the lock and every connection of ours are gone, and the next deploy goes through.
/// </summary>
[TestClass]
public sealed class CancelledDeployTests
{
    /// <summary>Only a hang guard: a cancelled deploy that never ends, or a session that never leaves, fails here.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Ctrl_C_cancels_an_in_process_deploy_mid_migration_and_leaves_no_connection_or_lock_and_a_no_op_deploy_runs_without_a_task_host()
    {
        await using var scenario = await FaultScenario.OnSharedServerAsync("e2e_cancel", TestContext.CancellationToken);
        SleepingMigrations.WriteTransactional(scenario.Project);

        var result = await DeployInFlight.InterruptAsync(scenario, PressCtrlCAsync, TestContext.CancellationToken);

        FaultAssert.FailedCleanly(result);
        StringAssert.Contains(result.Output, "Cancelled; whatever was running was stopped", result.ToString());
        await FaultAssert.LockReleasedAsync(scenario.Database, Deadline, TestContext.CancellationToken);
        await Poll.UntilAsync(
            async () => await scenario.Database.OurSessionsAsync() == 0,
            Deadline,
            "every session of the cancelled deploy to close",
            scenario.Database.DescribeOurSessionsAsync,
            TestContext.CancellationToken);
        var rows = await scenario.Database.DeployRowsAsync(SleepingMigrations.TransactionalVersion);
        Assert.IsFalse(rows.Any(row => row.Status == "succeeded"), string.Join(Environment.NewLine, rows));
        await FaultAssert.TransactionalRolledBackThenRedeploysAsync(scenario);

        // With nothing pending, as on every deploy from the package: the task runs in the build's own process.
        var noop = scenario.Project.Msbuild("DeployMigration", scenario.Database.StagingEnvironment, "-p:MigrationsEnvironment=Staging", "-v:d");
        BuildAssert.Succeeded(noop);
        StringAssert.Contains(noop.Output, "Task \"DeployMigration\"", noop.ToString());
        Assert.DoesNotContain("Launching task \"DeployMigration\"", noop.Output, noop.ToString());
        StringAssert.Contains(noop.Output, "Staging is up to date: all 1 migration(s) are applied.", noop.ToString());
    }

    /// <summary>
    /// What a terminal sends on Ctrl+C: SIGINT to the build and everything it started. The migration's connection
    /// belongs to the build process itself: no task host (MSBuild's /nodemode:2) runs below it.
    /// </summary>
    private static async Task PressCtrlCAsync(DeployInFlight deploy)
    {
        var tree = deploy.Build.Descendants();
        Assert.IsFalse(
            tree.Any(pid => DotnetProcess.CommandLine(pid).Contains("/nodemode:2", StringComparison.Ordinal)),
            "a task host runs the deploy: " + string.Join("; ", tree.Select(DotnetProcess.CommandLine)));
        foreach (var pid in tree.Prepend(deploy.Build.Id))
        {
            using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
    }
}
