using Migrations.Build.Database.Tests.Verification;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

/// <summary>
/// Our connections skip Npgsql's type loading (<see cref="TypeLoading"/>), so Npgsql knows only the built-in types.
/// These migrations return rows of types the database defines (an enum, a domain, a composite, a range, arrays of
/// them) from SELECT, INSERT … RETURNING and a function call: deploy, rollback and a proof must still run them,
/// because a migration's result rows are discarded, never read.
/// </summary>
[TestClass]
public sealed class UserTypesInMigrationResultsTests
{
    private const string Id = "20250210000000_moods";

    private const string Forward = """
        create type mood as enum ('happy', 'sad');
        create domain positive as int check (value > 0);
        create type pair as (a int, b text);
        create type score_range as range (subtype = float8);
        create table people (id positive primary key, feeling mood not null, details pair, scores score_range);
        create function feeling_of(person int) returns mood language sql stable as 'select feeling from people where id = person';
        insert into people values (1, 'happy', (1, 'x'), '[1,2)') returning *;
        select feeling, details, id, scores, array[feeling], row(id, feeling), feeling_of(id) from people;

        """;

    private const string Rollback = """
        select feeling_of(1), details from people;
        drop function feeling_of(int);
        drop table people;
        drop type score_range;
        drop type pair;
        drop domain positive;
        drop type mood;

        """;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task Deploy_status_and_rollback_run_migrations_whose_statements_return_user_defined_types()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("user_types", Cancel);
        workspace.WritePair(Id, Forward, Rollback);

        var deployed = await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);

        Assert.IsTrue(deployed.Succeeded, workspace.Log.ToString());
        Assert.AreEqual("happy", await workspace.ScalarAsync("select feeling::text from people where id = 1"));
        Assert.AreEqual(MigrationState.Applied, (await workspace.StatusAsync()).Single().State);

        workspace.NewLog();
        var rolledBack = await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, false, Cancel);

        Assert.IsTrue(rolledBack.Succeeded, workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("people"));
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from pg_type where typname in ('mood', 'positive', 'pair', 'score_range')"));
        Assert.AreEqual(MigrationState.RolledBack, (await workspace.StatusAsync()).Single().State);
    }

    [TestMethod]
    public async Task A_proof_runs_migrations_whose_statements_return_user_defined_types()
    {
        var server = await PostgresServer.GetAsync(Cancel);
        await using var workspace = await MigrationWorkspace.CreateAsync("user_types_proof", Cancel);
        workspace.WritePair(Id, Forward, Rollback);

        var summary = await LocalReplay.RunAsync(LocalReplayTests.OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings(), workspace.Log, Cancel);

        Assert.IsNotNull(summary, workspace.Log.ToString());
        Assert.IsTrue(summary.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { Id }, summary.Proven.ToArray());
    }

    [TestMethod]
    public async Task Operation_and_throwaway_connections_are_made_without_type_loading()
    {
        var server = await PostgresServer.GetAsync(Cancel);
        await using var workspace = await MigrationWorkspace.CreateAsync("user_types_mode", Cancel);
        await using var operation = await OperationConnection.OpenAsync(workspace.Context(), "test", Cancel);
        await using var throwaway = await ThrowawayDatabase.CreateAsync(server.AdminConnectionString, "user_types", cancellationToken: Cancel);
        await using var replay = await throwaway.OpenConnectionAsync(Cancel);

        foreach (var connection in new[] { operation, replay })
        {
#pragma warning disable CS0618 // The connection-string form of the mode is what TypeLoading sets (see its remarks).
            Assert.AreEqual(ServerCompatibilityMode.NoTypeLoading, new NpgsqlConnectionStringBuilder(connection.ConnectionString).ServerCompatibilityMode);
#pragma warning restore CS0618
        }
    }
}
