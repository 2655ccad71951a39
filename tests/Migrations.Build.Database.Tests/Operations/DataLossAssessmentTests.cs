using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Database.Tests.Operations;

/// <summary>
/// The verdict behind MIG1011, read from a real database: names resolved as PostgreSQL resolves them when the
/// statement runs, cascades followed, each object counted once, estimates past the bound, unknown counts on a lock.
/// </summary>
[TestClass]
public sealed class DataLossAssessmentTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    private static async Task<string[]> AssessAsync(NpgsqlConnection connection, string sql, long exactCountLimit = DataLossAssessment.DefaultExactCountLimit, ExecutionSettings? limits = null)
    {
        var verdict = await DataLossAssessment.AssessAsync(connection, [("20250301000000_x", new MigrationScript("x.sql", sql))], limits ?? new ExecutionSettings(), CancellationToken.None, exactCountLimit);
        return verdict.Findings.SelectMany(finding => finding.Objects).Select(item => item.Describe()).ToArray();
    }

    private static async Task<NpgsqlConnection> OpenAsync(MigrationWorkspace workspace, string? searchPath = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(workspace.Database.ConnectionString) { SearchPath = searchPath, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    [TestMethod]
    public async Task Unqualified_names_resolve_along_the_sessions_search_path_or_the_one_the_script_set()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_names", Cancel);
        await workspace.ScalarAsync(
            "create schema app; create table app.items (id int); insert into app.items values (1), (2);"
            + "create table public.items (id int); create table \"Mixed Case\" (\"Note\" text); insert into \"Mixed Case\" values ('x');");
        await using var onApp = await OpenAsync(workspace, "app,public");

        CollectionAssert.AreEqual(new[] { "table app.items (2 rows, line 1)" }, await AssessAsync(onApp, "drop table items;"));
        CollectionAssert.AreEqual(new[] { "table public.items (0 rows, line 2)" }, await AssessAsync(onApp, "set search_path to public;\ndrop table items;"));
        CollectionAssert.AreEqual(
            new[] { "column public.\"Mixed Case\".\"Note\" (1 non-null value, line 1)", "table public.\"Mixed Case\" (1 row, line 2)" },
            await AssessAsync(onApp, "alter table public.\"Mixed Case\" drop column \"Note\";\ndrop table if exists nothing_here, public.\"Mixed Case\";"));
    }

    [TestMethod]
    public async Task Objects_created_by_the_same_file_hold_nothing_and_each_object_counts_once()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_once", Cancel);
        await workspace.ScalarAsync("create table a (id int, note text); insert into a values (1, 'x'), (2, null);");
        await using var connection = await OpenAsync(workspace);

        CollectionAssert.AreEqual(Array.Empty<string>(), await AssessAsync(connection, "create table fresh (id int);\ninsert into fresh values (1);\ndrop table fresh;\nalter table a add column extra int;\nalter table a drop column extra;"));
        CollectionAssert.AreEqual(
            new[] { "column public.a.note (1 non-null value, line 1)", "table public.a (2 rows, line 2)" },
            await AssessAsync(connection, "alter table a drop column note;\ntruncate a;\ninsert into a values (3);\ndrop table a;\nalter table a drop column id;"));
    }

    [TestMethod]
    public async Task Cascades_reach_the_columns_of_a_type_and_the_tables_of_a_schema()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_cascade", Cancel);
        await workspace.ScalarAsync(
            "create type mood as enum ('ok', 'meh'); create domain calm as mood;"
            + "create table people (id int, m mood, history mood[], c calm); insert into people values (1, 'ok', '{meh}', null), (2, null, null, 'ok');"
            + "create schema billing; create type billing.state as enum ('open'); create table billing.invoices (id int); insert into billing.invoices values (1);"
            + "create table billing.empty (id int); create table orders (id int, s billing.state); insert into orders values (1, 'open');");
        await using var connection = await OpenAsync(workspace);

        CollectionAssert.AreEqual(Array.Empty<string>(), await AssessAsync(connection, "drop type mood;\ndrop schema billing;"), "without CASCADE PostgreSQL refuses the drop");
        CollectionAssert.AreEqual(
            new[]
            {
                "column public.people.m (1 non-null value, line 1; of type mood, dropped with public.mood)",
                "column public.people.history (1 non-null value, line 1; of type mood[], dropped with public.mood)",
                "column public.people.c (1 non-null value, line 1; of type calm, dropped with public.mood)",
            },
            await AssessAsync(connection, "drop type mood cascade;"));
        CollectionAssert.AreEqual(
            new[]
            {
                "table billing.empty (0 rows, line 1; in schema billing)",
                "table billing.invoices (1 row, line 1; in schema billing)",
                "column public.orders.s (1 non-null value, line 1; of type billing.state from schema billing)",
            },
            await AssessAsync(connection, "drop schema if exists billing cascade;"));
    }

    [TestMethod]
    public async Task Past_the_bound_the_catalog_estimates_instead_of_reading_the_whole_table()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_estimate", Cancel);
        await workspace.ScalarAsync(
            "create table big (id int, half text) with (autovacuum_enabled = false);"
            + "insert into big select i, case when i % 2 = 0 then 'x' end from generate_series(1, 50) as i;");
        await using var connection = await OpenAsync(workspace);

        // Never analyzed: no estimate to trust, so counting stops one row past the bound.
        CollectionAssert.AreEqual(new[] { "table public.big (at least 11 rows, line 1)" }, await AssessAsync(connection, "drop table big;", exactCountLimit: 10));
        CollectionAssert.AreEqual(new[] { "column public.big.half (at least 5 non-null values, line 1)" }, await AssessAsync(connection, "alter table big drop column half;", exactCountLimit: 10));

        await workspace.ScalarAsync("analyze big;");
        CollectionAssert.AreEqual(new[] { "table public.big (about 50 rows (estimate), line 1)" }, await AssessAsync(connection, "drop table big;", exactCountLimit: 10));
        CollectionAssert.AreEqual(new[] { "column public.big.half (about 25 non-null values (estimate), line 1)" }, await AssessAsync(connection, "alter table big drop column half;", exactCountLimit: 10));
        CollectionAssert.AreEqual(new[] { "table public.big (50 rows, line 1)" }, await AssessAsync(connection, "drop table big;"));
    }

    [TestMethod]
    public async Task A_table_locked_by_another_session_is_reported_not_counted_after_the_lock_timeout()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("loss_locked", Cancel);
        await workspace.ScalarAsync("create table busy (id int); insert into busy values (1); create table calm (id int); insert into calm values (1);");
        await using var holder = await OpenAsync(workspace);
        await using var transaction = await holder.BeginTransactionAsync(Cancel);
        await using (var lockTable = new NpgsqlCommand("lock table busy in access exclusive mode", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(Cancel);
        }

        await using var connection = await OpenAsync(workspace);
        var found = await AssessAsync(connection, "drop table busy;\ndrop table calm;", limits: new ExecutionSettings(LockTimeout: "200ms"));

        CollectionAssert.AreEqual(
            new[] { "table public.busy (not counted: canceling statement due to lock timeout (SQLSTATE 55P03), line 1)", "table public.calm (1 row, line 2)" },
            found);
        await using var probe = new NpgsqlCommand("select 1::bigint", connection);
        Assert.AreEqual(1L, await probe.ExecuteScalarAsync(Cancel), "the connection is usable after the check");
    }
}
