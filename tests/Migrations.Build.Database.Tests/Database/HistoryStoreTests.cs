using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Database.Tests.Database;

[TestClass]
public sealed class HistoryStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_history_table_is_created_once_with_its_layout_version_and_a_custom_location()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_layout", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        var location = new HistoryLocation("Ops \"Audit\"", "migration log");
        var context = workspace.Context() with { History = location };

        Assert.IsTrue((await DeployOperation.RunAsync(context, workspace.Pairs(), null, false, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());
        Assert.IsTrue((await DeployOperation.RunAsync(context, workspace.Pairs(), null, false, TestContext.CancellationToken)).Succeeded);

        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from \"Ops \"\"Audit\"\"\".\"migration log\""));
        Assert.AreEqual(HistoryStore.LayoutVersion, await workspace.ScalarAsync("select version from \"Ops \"\"Audit\"\"\".\"migration log_schema_version\""));
        Assert.IsFalse(await workspace.TableExistsAsync("migrations_build.history"));
    }

    /// <summary>
    /// The session that ensured the layout (under the migration lock) reads history without asking for the layout again;
    /// any other connection still asks. Shown by hiding the version table after the check: the ensured session reads
    /// the rows, a new connection reads none (no layout, no history).
    /// </summary>
    [TestMethod]
    public async Task The_session_that_ensured_the_layout_reads_history_without_asking_again()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_layout_once", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());
        var store = new HistoryStore(HistoryLocation.Default);
        await using var ensured = new Npgsql.NpgsqlConnection(workspace.Database.ConnectionString);
        await ensured.OpenAsync(TestContext.CancellationToken);
        await store.EnsureCreatedAsync(ensured, TestContext.CancellationToken);

        await workspace.ScalarAsync("alter table migrations_build.history_schema_version rename to hidden_version");
        await using var other = new Npgsql.NpgsqlConnection(workspace.Database.ConnectionString);
        await other.OpenAsync(TestContext.CancellationToken);

        Assert.AreEqual(1, (await store.ReadAllWithoutScriptsAsync(ensured, TestContext.CancellationToken)).Count);
        Assert.AreEqual(0, (await store.ReadAllWithoutScriptsAsync(other, TestContext.CancellationToken)).Count);
    }

    [TestMethod]
    public async Task A_history_written_by_a_newer_release_is_not_touched()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_newer", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int);\n", "drop table invoices;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250210000000", false, TestContext.CancellationToken)).Succeeded);
        await workspace.ScalarAsync("update migrations_build.history_schema_version set version = 99");

        var exception = await Assert.ThrowsAsync<HistoryLayoutException>(() => DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, TestContext.CancellationToken));

        StringAssert.Contains(exception.Message, "layout version 99");
        StringAssert.Contains(exception.Message, "upgrade the Migrations.Build.Sdk package");
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
    }

    [TestMethod]
    public async Task A_layout_1_history_is_read_without_application_tests_and_upgraded_to_the_current_layout_by_the_next_operation()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_upgrade", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int);\n", "drop table invoices;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250210000000", false, TestContext.CancellationToken)).Succeeded);

        // What a release before the application-test columns left behind.
        await workspace.ScalarAsync("alter table migrations_build.history drop column app_tests_exit_code, drop column app_tests_ms; update migrations_build.history_schema_version set version = 1");
        var evidence = await TestEvidence.ReadAsync(workspace.Context(), TestContext.CancellationToken);
        Assert.IsFalse(evidence.Proves("20250210000000", "x", "y"));
        Assert.AreEqual(MigrationState.Applied, (await workspace.StatusAsync()).Single(row => row.Version == "20250210000000").State, workspace.Log.ToString());

        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());

        Assert.AreEqual(HistoryStore.LayoutVersion, await workspace.ScalarAsync("select version from migrations_build.history_schema_version"));
        Assert.AreEqual(2L, await workspace.ScalarAsync("select count(*) from migrations_build.history where app_tests_exit_code is null"));
    }

    [TestMethod]
    public async Task A_layout_2_history_with_rows_is_upgraded_to_layout_3_under_the_lock_and_takes_baseline_rows()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_upgrade3", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int);\n", "drop table invoices;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250210000000", false, TestContext.CancellationToken)).Succeeded);

        // What a layout 2 release left behind: the narrower check on operation, under whatever name it got.
        await workspace.ScalarAsync(
            """
            alter table migrations_build.history drop constraint history_operation_check,
                add constraint legacy_operation_check check (operation in ('deploy', 'rollback', 'test', 'resolve'));
            update migrations_build.history_schema_version set version = 2;
            """);
        var insertBaseline = "insert into migrations_build.history (version, name, operation, environment, status, started_at) values ('20250301000000', 'invoices', 'baseline', 'Staging', 'succeeded', now())";
        await Assert.ThrowsAsync<PostgresException>(() => workspace.ScalarAsync(insertBaseline), "layout 2 refuses the new operation");
        Assert.AreEqual(MigrationState.Applied, (await workspace.StatusAsync()).Single(row => row.Version == "20250210000000").State, "a layout 2 table is read as it is");

        // Any operation upgrades it, under the lock, before it writes.
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), "20250210000000", false, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());

        Assert.AreEqual(3, await workspace.ScalarAsync("select version from migrations_build.history_schema_version"));
        Assert.AreEqual(
            "history_operation_check: CHECK ((operation = ANY (ARRAY['deploy'::text, 'rollback'::text, 'test'::text, 'resolve'::text, 'baseline'::text])))",
            await workspace.ScalarAsync("select string_agg(conname || ': ' || pg_get_constraintdef(oid), '; ') from pg_constraint where conrelid = 'migrations_build.history'::regclass and contype = 'c' and conname like '%operation%'"));
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from migrations_build.history"), "the row written before the upgrade is untouched");
        await workspace.ScalarAsync(insertBaseline);
        Assert.AreEqual(MigrationState.Applied, (await workspace.StatusAsync()).Single(row => row.Version == "20250301000000").State);
    }

    [TestMethod]
    public async Task Reading_without_scripts_gives_the_same_rows_with_only_the_recorded_sql_left_out()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("history_lean", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int);\n", "drop table invoices;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, TestContext.CancellationToken)).Succeeded, workspace.Log.ToString());
        var store = new HistoryStore(HistoryLocation.Default);
        await using var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken);

        var full = await store.ReadAllAsync(connection, TestContext.CancellationToken);
        var lean = await store.ReadAllWithoutScriptsAsync(connection, TestContext.CancellationToken);

        Assert.AreEqual("create table customers (id int);\n", full[0].ForwardSql);
        Assert.AreEqual("drop table invoices;\n", full[1].RollbackSql);
        CollectionAssert.AreEqual(full.Select(row => row with { ForwardSql = null, RollbackSql = null }).ToList(), lean.ToList());
    }
}
