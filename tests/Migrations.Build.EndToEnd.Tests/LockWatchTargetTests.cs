using Migrations.Build.EndToEnd.Tests.Faults;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A `dotnet msbuild -t:DeployMigration` stalled behind another session's lock says, while it waits, which lock and
/// whose session — through the packed SDK, as a CI log shows it.
/// </summary>
[TestClass]
public sealed class LockWatchTargetTests
{
    /// <summary>Restore, evaluation and validation come first; a loaded machine can take a while. Only a hang guard.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task A_deploy_stalled_on_a_lock_names_the_session_holding_it_and_finishes_once_it_is_released()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_lockwatch", TestContext.CancellationToken);
        await using var holder = await staging.OpenConnectionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "set application_name = 'nightly report'; create table busy (id int)");
        await using var blocking = await holder.BeginTransactionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "lock table busy in access exclusive mode", blocking);
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/20250301000000_add_note.sql", "-- one note per row\nalter table busy add column note text;\n");
        project.Write("migrations/20250301000000_add_note_rollback.sql", "alter table busy drop column note;\n");
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out var password) };

        // A lock_timeout this long means the deploy can only get past the lock by our releasing it.
        using var build = project.StartMsbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-p:MigrationsLockTimeout=10min");
        await Poll.UntilAsync(
            () => Task.FromResult(build.HasExited ? throw new InvalidOperationException($"The deploy ended before saying what it waits for:{Environment.NewLine}{build.OutputSoFar}") : build.OutputSoFar.Contains("Lock wait: ", StringComparison.Ordinal)),
            Deadline,
            "the deploy to say what it waits for",
            () => Task.FromResult(build.OutputSoFar),
            TestContext.CancellationToken);
        await blocking.CommitAsync(TestContext.CancellationToken);
        var result = await build.WaitForExitAsync(Deadline, TestContext.CancellationToken);
        TestContext.WriteLine(result.Output);

        BuildAssert.Succeeded(result);
        var wait = result.Lines.Single(line => line.StartsWith("Lock wait: ", StringComparison.Ordinal));
        StringAssert.Contains(wait, "20250301000000_add_note.sql(2,1) has been running ");
        StringAssert.EndsWith(wait, "waiting for AccessExclusiveLock on table public.busy held by 1 session; lock_timeout 10min (MigrationsLockTimeout) ends the wait:");
        var blocker = result.Lines[Array.IndexOf(result.Lines, wait) + 1];
        StringAssert.StartsWith(blocker, $"pid {holder.ProcessID}, application 'nightly report', user ");
        StringAssert.EndsWith(blocker, ", last query: lock table busy in access exclusive mode");
        Assert.IsTrue(result.Lines.Any(line => line.Contains("20250301000000_add_note.sql(2,1) took ", StringComparison.Ordinal) && line.StartsWith("Slow statement: ", StringComparison.Ordinal)), result.ToString());
        Assert.IsFalse(result.Output.Contains(password, StringComparison.Ordinal), "the password must never be printed");
        Assert.AreEqual(1L, await ScalarAsync(holder, "select count(*) from information_schema.columns where table_name = 'busy' and column_name = 'note'"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
