using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Database.Tests.Operations;

/// <summary>
/// MIG1011 on real PostgreSQL: a deploy or rollback on a production-like environment that would drop or empty data
/// is refused before anything runs, naming each object with its row count, and recorded; the override runs it, loudly
/// and on the record. Environments without a ConfirmVariable, and objects that hold nothing, pass untouched.
/// </summary>
[TestClass]
public sealed class DataLossGuardTests
{
    private const string Invoices = "20250301000000_invoices";
    private const string Harmless = "20250401000000_audit";
    private const string Cleanup = "20250402000000_cleanup";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    private static OperationContext Production(MigrationWorkspace workspace, bool allowDataLoss = false) =>
        workspace.Context("Production") with { DataLoss = new DataLossPolicy(allowDataLoss) };

    /// <summary>Customers exist before the migration; it adds invoices and a notes column, and its rollback drops both.</summary>
    private static async Task DeployInvoicesAsync(MigrationWorkspace workspace, CancellationToken cancellationToken)
    {
        await workspace.ScalarAsync("create table customers (id int primary key); insert into customers values (1), (2), (3);");
        workspace.WritePair(
            Invoices,
            "create table invoices (id int primary key, customer_id int references customers);\nalter table customers add column notes text;\n",
            "alter table customers drop column notes;\ndrop table invoices;\n");
        var deploy = await DeployOperation.RunAsync(Production(workspace), workspace.Pairs(), null, false, cancellationToken);
        Assert.IsTrue(deploy.Succeeded, workspace.Log.ToString());
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1011"), "a forward that only creates destroys nothing");
        workspace.NewLog();
    }

    [TestMethod]
    public async Task A_rollback_that_would_drop_rows_written_since_the_deploy_is_refused_with_each_count_and_recorded()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("dataloss_refuse", Cancel);
        await DeployInvoicesAsync(workspace, Cancel);
        await workspace.ScalarAsync("insert into invoices values (10, 1), (11, 1), (12, 2); update customers set notes = 'vip' where id in (1, 3);");

        var outcome = await RollbackOperation.RunAsync(Production(workspace), workspace.Pairs(), null, false, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var refusal = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1011");
        Assert.IsTrue(refusal.IsError);
        Assert.AreEqual((Path.Combine(workspace.Folder, Invoices + "_rollback.sql"), 1, 1), (refusal.Location.FilePath, refusal.Location.Line, refusal.Location.Column));
        Assert.AreEqual(
            $"Rolling back {Invoices} on Production would destroy data the database holds now: column public.customers.notes (2 non-null values, line 1); table public.invoices (3 rows, line 2). "
            + "Rows written since the migration was deployed would go with it. Copy what must be kept first (pg_dump -t, or CREATE TABLE … AS), or, if losing it is intended, "
            + "pass -p:MigrationsAllowDataLoss=true (recorded in Production's history).",
            refusal.Message);
        Assert.IsTrue(workspace.Log.Messages.Contains($"Rollback of {Invoices} on Production refused; nothing was changed."), workspace.Log.ToString());

        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from invoices"));
        Assert.AreEqual(2L, await workspace.ScalarAsync("select count(notes) from customers"));
        var error = (string)(await workspace.ScalarAsync("select error from migrations_build.history where operation = 'rollback' and status = 'failed'"))!;
        StringAssert.Contains(error, "refused by the data-loss guard (MIG1011), nothing ran: it would destroy column public.customers.notes (2 non-null values, line 1); table public.invoices (3 rows, line 2)");
        Assert.AreEqual(MigrationState.Applied, (await workspace.StatusAsync()).Single().State, "a refused rollback leaves the migration applied");
    }

    [TestMethod]
    public async Task The_override_runs_the_rollback_warns_and_records_what_was_lost()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("dataloss_allow", Cancel);
        await DeployInvoicesAsync(workspace, Cancel);
        await workspace.ScalarAsync("insert into invoices values (10, 1);");

        var outcome = await RollbackOperation.RunAsync(Production(workspace, allowDataLoss: true), workspace.Pairs(), null, false, false, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        var warning = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1011");
        Assert.IsFalse(warning.IsError);
        StringAssert.Contains(warning.Message, "table public.invoices (1 row, line 2). Running it anyway because MigrationsAllowDataLoss=true; this is recorded in Production's history.");
        Assert.IsTrue(workspace.Log.Messages.Contains($"WARNING: data loss allowed (MigrationsAllowDataLoss=true): {Invoices} destroys table public.invoices (1 row, line 2)."), workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
        Assert.AreEqual(
            $"data loss allowed (MigrationsAllowDataLoss=true): {Invoices} destroys table public.invoices (1 row, line 2)",
            await workspace.ScalarAsync("select notes from migrations_build.history where operation = 'rollback' and status = 'succeeded'"));
    }

    [TestMethod]
    public async Task Empty_objects_and_unguarded_environments_pass_without_a_word()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("dataloss_pass", Cancel);
        await DeployInvoicesAsync(workspace, Cancel);

        // Nothing was written since the deploy: dropping the empty table and the all-null column loses nothing.
        Assert.IsTrue((await RollbackOperation.RunAsync(Production(workspace), workspace.Pairs(), null, false, false, Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1011"));

        // Staging has no ConfirmVariable: its data is there to be thrown away.
        await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel);
        await workspace.ScalarAsync("insert into invoices values (10, 1);");
        workspace.NewLog();
        Assert.IsTrue((await RollbackOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, false, Cancel)).Succeeded, workspace.Log.ToString());
        Assert.IsFalse(workspace.Log.Codes.Contains("MIG1011"));
    }

    [TestMethod]
    public async Task A_deploy_is_refused_before_its_first_migration_when_a_later_forward_would_empty_tables()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("dataloss_deploy", Cancel);
        await workspace.ScalarAsync(
            "create table legacy (id int primary key); insert into legacy values (1), (2);"
            + "create table legacy_notes (legacy_id int references legacy, body text); insert into legacy_notes values (1, 'a');");
        workspace.WritePair(Harmless, "create table audit (id int);\n", "drop table audit;\n");
        var cleanup = workspace.Write(Cleanup + ".sql", "-- the old tables go\ntruncate legacy cascade;\n");
        workspace.Write(Cleanup + "_rollback.sql", "select 1;\n");

        var outcome = await DeployOperation.RunAsync(Production(workspace), workspace.Pairs(), null, false, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var refusal = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1011");
        Assert.AreEqual((cleanup, 2, 1), (refusal.Location.FilePath, refusal.Location.Line, refusal.Location.Column));
        StringAssert.StartsWith(refusal.Message,
            $"Deploying {Cleanup} to Production would destroy data the database holds now: table public.legacy (2 rows, line 2); "
            + "table public.legacy_notes (1 row, line 2; TRUNCATE … CASCADE reaches it through its foreign key to public.legacy). Nothing was applied.");
        Assert.IsFalse(await workspace.TableExistsAsync("audit"), "nothing runs when any migration of the deploy is refused");
        Assert.AreEqual(2L, await workspace.ScalarAsync("select count(*) from legacy"));
        Assert.AreEqual(1L, await workspace.ScalarAsync($"select count(*) from migrations_build.history where version || '_' || name = '{Cleanup}' and operation = 'deploy' and status = 'failed' and error like 'refused by the data-loss guard%'"));
    }
}
