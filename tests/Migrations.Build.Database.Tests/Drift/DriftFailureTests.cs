using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>A drift check whose live database holds a lock, drops the connection or refuses the reads: a coded error, never a hang or a stack trace.</summary>
[TestClass]
public sealed class DriftFailureTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_lock_held_on_the_history_ends_the_check_after_the_lock_timeout()
    {
        await using var project = await DeployedAsync("drift_locked");
        await using var holder = await HoldHistoryLockAsync(project);
        var log = new RecordingLog();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.IsFalse(await DriftCommand.RunAsync(project.Settings() with { LockTimeout = "1s" }, log, TestContext.CancellationToken));

        Assert.IsLessThan(30, clock.Elapsed.TotalSeconds, "the check waited instead of giving up");
        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1044", error.Code, log.ToString());
        StringAssert.StartsWith(error.Message, "The drift check on Production waited longer than MigrationsLockTimeout (1s) for a lock on a table it reads: canceling statement due to lock timeout (SQLSTATE 55P03).");
        Assert.IsFalse(log.Messages.Any(message => message.StartsWith("No drift", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task A_connection_lost_during_the_check_is_a_coded_error()
    {
        await using var project = await DeployedAsync("drift_lost");
        await using var holder = await HoldHistoryLockAsync(project);
        var terminate = TerminateWaitingDriftCheckAsync(project.Database.ConnectionString, TimeSpan.FromSeconds(30));
        var log = new RecordingLog();

        // No lock timeout: the check waits behind the lock until the administrator ends its backend.
        Assert.IsFalse(await DriftCommand.RunAsync(project.Settings() with { LockTimeout = "0" }, log, TestContext.CancellationToken));
        await terminate;

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1001", error.Code, log.ToString());
        Assert.IsFalse(log.Codes.Contains("MIG1024"), "an expected failure must not read as a bug");
        Assert.DoesNotContain("   at ", error.Message, "no stack trace");
    }

    [TestMethod]
    public async Task A_role_that_may_not_read_the_history_gets_a_coded_error_saying_what_to_grant()
    {
        await using var project = await DeployedAsync("drift_denied");
        var role = "drift_outsider_" + Guid.NewGuid().ToString("N")[..8];
        await DriftProject.ExecuteOnServerAsync($"create role {role} login password 'outsider'");
        try
        {
            project.ProductionUrl = new NpgsqlConnectionStringBuilder(project.Database.ConnectionString) { Username = role, Password = "outsider" }.ConnectionString;
            var log = new RecordingLog();

            Assert.IsFalse(await DriftCommand.RunAsync(project.Settings(), log, TestContext.CancellationToken));

            var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
            Assert.AreEqual("MIG1022", error.Code, log.ToString());
            StringAssert.StartsWith(error.Message, $"Production refused the drift check's reads as user {role}: permission denied for schema migrations_build (SQLSTATE 42501).");
            StringAssert.Contains(error.Message, "grant SELECT on migrations_build.history");
            Assert.DoesNotContain("outsider'", log.ToString(), "the password must not be printed");
        }
        finally
        {
            await project.Database.DisposeAsync();
            await DriftProject.ExecuteOnServerAsync($"drop role if exists {role}");
        }
    }

    private async Task<DriftProject> DeployedAsync(string name)
    {
        var project = await DriftProject.CreateAsync(name, TestContext.CancellationToken);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(project.Settings() with { SkipDriftCheck = true }, log, TestContext.CancellationToken), log.ToString());
        return project;
    }

    /// <summary>An open transaction holding ACCESS EXCLUSIVE on the history table; disposing it ends the transaction.</summary>
    private static async Task<NpgsqlConnection> HoldHistoryLockAsync(DriftProject project)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(project.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("begin; lock table migrations_build.history in access exclusive mode;", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task TerminateWaitingDriftCheckAsync(string connectionString, TimeSpan deadline)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            await using var find = new NpgsqlCommand(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name like '%drift check%' and wait_event_type = 'Lock'",
                connection);
            if (await find.ExecuteScalarAsync() is true)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("No drift check waited for the history lock.");
    }
}
