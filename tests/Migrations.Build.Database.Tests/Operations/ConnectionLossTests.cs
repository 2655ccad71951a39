using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Database.Tests.Operations;

/// <summary>
/// The server ends our backend mid-migration: the deploy reports MIG1021 at the running statement, says what that
/// means for a transactional and a no-transaction migration, and history records the attempt truthfully.
/// </summary>
[TestClass]
public sealed class ConnectionLossTests
{
    private const string Id = "20250210000000_slow";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_terminated_transactional_migration_leaves_nothing_and_a_failed_row()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_tx", TestContext.CancellationToken);
        var forward = workspace.Write(Id + ".sql", "create table a (id int);\nselect pg_sleep(30);\ncreate table b (id int);\n");
        workspace.Write(Id + "_rollback.sql", "drop table b;\ndrop table a;\n");

        var deploy = DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, CancellationToken.None);
        await BackendTerminator.TerminateWhenSleepingAsync(workspace.Database.ConnectionString, TimeSpan.FromSeconds(60));
        var outcome = await deploy;

        Assert.IsFalse(outcome.Succeeded);
        var lost = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1021");
        Assert.AreEqual((forward, 2, 1), (lost.Location.FilePath, lost.Location.Line, lost.Location.Column));
        StringAssert.StartsWith(lost.Message, "The connection was lost while statement 2 of 3 was running (terminating connection due to administrator command, SQLSTATE 57P01). Nothing of this migration was committed");
        StringAssert.EndsWith(lost.Message, "The attempt is recorded in migrations_build.history.");
        Assert.DoesNotContain("MIG1007", workspace.Log.Codes);
        Assert.IsFalse(await workspace.TableExistsAsync("public.a"));
        Assert.AreEqual("failed|connection lost while statement 2 of 3 was running (terminating connection due to administrator command, SQLSTATE 57P01)", await workspace.ScalarAsync("select status || '|' || error from migrations_build.history"));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task A_terminated_no_transaction_migration_is_partial_with_its_count_and_blocks_deploys()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_notx", TestContext.CancellationToken);
        var forward = workspace.Write(Id + ".sql", "-- migrations:no-transaction\ncreate table a (id int);\nselect pg_sleep(30);\ncreate table b (id int);\n");
        workspace.Write(Id + "_rollback.sql", "-- migrations:no-transaction\ndrop table if exists b;\ndrop table a;\n");

        var deploy = DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, CancellationToken.None);
        await BackendTerminator.TerminateWhenSleepingAsync(workspace.Database.ConnectionString, TimeSpan.FromSeconds(60));
        var outcome = await deploy;

        Assert.IsFalse(outcome.Succeeded);
        var lost = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1021");
        Assert.AreEqual((forward, 3, 1), (lost.Location.FilePath, lost.Location.Line, lost.Location.Column));
        StringAssert.Contains(lost.Message, "Statement 1 of this no-transaction migration is applied; statement 2 may or may not have completed");
        Assert.IsTrue(await workspace.TableExistsAsync("public.a"));
        Assert.AreEqual("partial|1|3|connection lost while statement 2 of 3 was running (terminating connection due to administrator command, SQLSTATE 57P01)", await workspace.ScalarAsync("select status || '|' || statements_done || '|' || statements_total || '|' || error from migrations_build.history"));

        workspace.NewLog();
        var blocked = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, CancellationToken.None);
        Assert.IsFalse(blocked.Succeeded);
        Assert.AreEqual("MIG1008", workspace.Log.Codes.Single(), workspace.Log.ToString());
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task An_index_left_invalid_is_named_by_status_and_deploy()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_index", TestContext.CancellationToken);
        workspace.WritePair(Id, "create table t (x int);\n", "drop table t;\n");
        await workspace.ScalarAsync("create table dup (x int); insert into dup values (1), (1)");
        try
        {
            await workspace.ScalarAsync("create unique index concurrently dup_x on dup (x)");
            Assert.Fail("the unique index should have failed on the duplicate rows");
        }
        catch (Npgsql.PostgresException exception) when (exception.SqlState == "23505")
        {
            // What an interrupted CREATE INDEX CONCURRENTLY leaves: the index, marked INVALID.
        }

        await workspace.StatusAsync();

        var invalid = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1026");
        Assert.AreEqual(
            "Index public.dup_x on public.dup is INVALID on Staging: a CREATE INDEX CONCURRENTLY was interrupted (or is still running). It slows every write and answers no query; drop it with DROP INDEX CONCURRENTLY public.dup_x; and deploy the migration again (settle a partial one first), or rebuild it with REINDEX INDEX CONCURRENTLY public.dup_x;.",
            invalid.Message);

        workspace.NewLog();
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, CancellationToken.None)).Succeeded, "a warning does not stop a deploy");
        Assert.AreEqual("MIG1026", workspace.Log.Codes.Single());
    }
}
