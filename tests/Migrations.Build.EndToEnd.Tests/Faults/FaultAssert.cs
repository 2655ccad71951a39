namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>What every fault must look like to the user and leave in the database.</summary>
internal static class FaultAssert
{
    /// <summary>
    /// A coded, compiler-style error and nothing else: no MSBuild "task failed unexpectedly" (MSB4018), no setting
    /// error standing in for a broken connection (MIG1019), no stack trace.
    /// </summary>
    public static void FailedCleanly(DotnetResult result)
    {
        BuildAssert.Failed(result);
        Assert.DoesNotContain("MSB4018", result.Output, result.ToString());
        Assert.DoesNotContain("MIG1019", result.Output, result.ToString());
        Assert.DoesNotContain("   at ", result.Output, "no stack trace: " + result);
    }

    /// <summary>MIG1021 at the statement that was running when the connection went away.</summary>
    public static void ConnectionLost(DotnetResult result, string forward, int line, FaultScenario scenario)
    {
        FailedCleanly(result);
        BuildAssert.HasDiagnostic(result, "error", forward, line, 1, "MIG1021", "…", scenario.Project.ProjectPath);
    }

    /// <summary>A failed row whose error says the connection was lost — the attempt is in history, not silently dropped.</summary>
    public static void FailedRowMentionsLostConnection(IReadOnlyList<HistoryRow> rows)
    {
        var failed = rows.Where(row => row.Status == "failed").ToList();
        Assert.HasCount(1, failed, string.Join(Environment.NewLine, rows));
        StringAssert.Matches(failed[0].Error ?? "", new System.Text.RegularExpressions.Regex("(?i)connection.*lost|lost.*connection"), string.Join(Environment.NewLine, rows));
    }

    /// <summary>The lock is released and our sessions are gone: the next deploy will not wait on a ghost.</summary>
    public static Task LockReleasedAsync(FaultDatabase database, TimeSpan deadline, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            async () => await database.AdvisoryLocksAsync() == 0,
            deadline,
            $"the migration lock on {database} to be released",
            database.DescribeOurSessionsAsync,
            cancellationToken);

    /// <summary>
    /// The transactional sleeping migration after its connection was lost: MIG1021 at the pg_sleep, a failed row that
    /// says so, and then the same checks as after any interrupted transaction.
    /// </summary>
    public static async Task TransactionalConnectionLostAsync(DotnetResult result, FaultScenario scenario, string forward)
    {
        ConnectionLost(result, forward, SleepingMigrations.TransactionalSleepLine, scenario);
        FailedRowMentionsLostConnection(await scenario.Database.DeployRowsAsync(SleepingMigrations.TransactionalVersion));
        await TransactionalRolledBackThenRedeploysAsync(scenario);
    }

    /// <summary>Nothing of the interrupted transactional migration remains, and a retry (without the pause) applies it.</summary>
    public static async Task TransactionalRolledBackThenRedeploysAsync(FaultScenario scenario)
    {
        Assert.IsFalse(await scenario.Database.TableExistsAsync("fault_a"), "the interrupted migration's first table survived");
        SleepingMigrations.WriteTransactional(scenario.Project, sleepSeconds: 0);
        await RedeploySucceedsAsync(scenario, SleepingMigrations.TransactionalVersion, "fault_a", "fault_b");
    }

    /// <summary>A deploy after the fault applies the migration normally: exit 0 and exactly one succeeded row.</summary>
    public static async Task RedeploySucceedsAsync(FaultScenario scenario, string version, params string[] tables)
    {
        var retry = scenario.Deploy();
        BuildAssert.Succeeded(retry);
        foreach (var table in tables)
        {
            Assert.IsTrue(await scenario.Database.TableExistsAsync(table), $"{table} is missing after the redeploy.{Environment.NewLine}{retry}");
        }

        var rows = await scenario.Database.DeployRowsAsync(version);
        Assert.HasCount(1, rows.Where(row => row.Status == "succeeded"), string.Join(Environment.NewLine, rows));
    }
}
