using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>TestMigration on a real environment: proofs, evidence rows, and a failed proof leaving nothing behind.</summary>
[TestClass]
public sealed class TestOperationTests
{
    private const string First = "20250210000000_customers";
    private const string Second = "20250301000000_invoices";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task An_exact_reversal_is_proven_left_applied_and_recorded_as_evidence()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_ok", Cancel);
        workspace.WritePair(First, "create table customers (id int primary key, email text not null default '');\ncreate index customers_email on customers (email);\ncomment on table customers is 'people who pay';\n", "drop table customers;\n");
        workspace.WritePair(Second, "create table invoices (id int primary key, customer_id int references customers);\nalter table customers enable row level security;\n", "alter table customers disable row level security;\ndrop table invoices;\n");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { First, Second }, outcome.Done.ToArray());
        Assert.IsTrue(await workspace.TableExistsAsync("invoices"), "TestMigration leaves the migrations applied");
        CollectionAssert.AreEqual(new[] { MigrationState.Applied, MigrationState.Applied }, (await workspace.StatusAsync()).Select(row => row.State).ToArray());
        var evidence = await TestEvidence.ReadAsync(workspace.Context(), Cancel);
        foreach (var pair in workspace.Pairs())
        {
            Assert.IsTrue(evidence.Proves(pair.Version, pair.Forward.Checksum, pair.Rollback!.Checksum), pair.Id);
        }
    }

    [TestMethod]
    public async Task A_failure_on_staging_ends_the_run_and_names_the_migrations_not_tested()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_stops", Cancel);
        workspace.WritePair(First, "create table customers (id int primary key);\n", "select 1;\n");
        workspace.WritePair(Second, "create table invoices (id int);\n", "drop table invoices;\n");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.EndsWith($"Tested: 0, failed: 1, not tested: 1 ({Second}).", StringComparison.Ordinal)), workspace.Log.ToString());
        Assert.IsFalse(await workspace.TableExistsAsync("public.invoices"), "nothing after a failure on a real environment is applied");
    }

    [TestMethod]
    public async Task A_rollback_that_forgets_an_index_fails_with_the_difference_and_changes_nothing()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_leftover", Cancel);
        workspace.WritePair(First, "create table customers (id int primary key, email text);\n", "drop table customers;\n");
        workspace.WritePair(Second, "create index customers_email on customers (email);\nalter table customers add column plan text default 'free';\n", "alter table customers drop column plan;\n");
        Assert.IsTrue((await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), First, Cancel)).Succeeded, workspace.Log.ToString());

        workspace.NewLog();
        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var failure = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1009");
        Assert.AreEqual(Path.Combine(workspace.Folder, Second + "_rollback.sql"), failure.Location.FilePath);
        StringAssert.Contains(failure.Message, "index public.customers_email: exists after rollback but not before");
        Assert.IsFalse(workspace.Log.Messages.Any(m => m.Contains("separate transactions", StringComparison.Ordinal)), "an ordinary pair is proven in one transaction");
        StringAssert.Contains(workspace.Log.ToString(), "everything it did was rolled back");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from pg_indexes where indexname = 'customers_email'"), "the failed proof rolled everything back");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from information_schema.columns where column_name = 'plan'"));
        Assert.AreEqual("failed", await workspace.ScalarAsync($"select status from migrations_build.history where operation = 'test' and name = 'invoices'"));
        Assert.AreEqual(MigrationState.Pending, (await workspace.StatusAsync())[1].State);
    }

    [TestMethod]
    public async Task A_rollback_with_an_sql_error_is_located_in_the_rollback_file()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_sql", Cancel);
        var rollback = workspace.Write(First + "_rollback.sql", "drop table customers;\nselect no_such_column from pg_class;\n");
        workspace.Write(First + ".sql", "create table customers (id int);\n");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        var error = workspace.Log.Diagnostics.Single(d => d.Code == "MIG1007");
        Assert.AreEqual((rollback, 2, 8), (error.Location.FilePath, error.Location.Line, error.Location.Column));
        Assert.IsFalse(await workspace.TableExistsAsync("customers"));
    }

    [TestMethod]
    public async Task An_applied_migration_is_proven_by_rolling_back_and_re_applying()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_applied", Cancel);
        workspace.WritePair(First, "create table customers (id int);\n", "drop table customers;\n");
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded);

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), First, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("customers"));
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'test' and status = 'succeeded'"));
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from migrations_build.history where operation = 'deploy'"), "no second deploy row for an already applied migration");
    }

    [TestMethod]
    public async Task A_named_migration_with_earlier_pending_ones_is_refused()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_order", Cancel);
        workspace.WritePair(First, "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair(Second, "create table invoices (id int);\n", "drop table invoices;\n");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), Second, Cancel);

        Assert.IsFalse(outcome.Succeeded);
        StringAssert.Contains(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1015").Message, First);
        Assert.IsFalse(await workspace.TableExistsAsync("invoices"));
    }

    [TestMethod]
    public async Task An_irreversible_migration_is_refused()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_irreversible", Cancel);
        workspace.WritePair(First, "create table ledger (id int);\n", "-- migrations:irreversible\n");

        Assert.IsFalse((await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel)).Succeeded);
        Assert.IsTrue(workspace.Log.Codes.Contains("MIG1017"));
    }

    [TestMethod]
    public async Task A_no_transaction_migration_is_proven_step_by_step()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_notx", Cancel);
        workspace.WritePair(First, "create table customers (id int, email text);\n", "drop table customers;\n");
        workspace.WritePair(Second, "-- migrations:no-transaction\ncreate index concurrently customers_email on customers (email);\n", "-- migrations:no-transaction\ndrop index concurrently customers_email;\n");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from pg_indexes where indexname = 'customers_email'"));
    }

    // The rollback has to move rows off the added value before recreating the type without it; PostgreSQL refuses
    // that in the transaction that added the value (55P04), so the proof must commit the forward first.
    private const string AddMehForward = "alter type mood add value 'meh';\n";
    private const string AddMehRollback =
        "update feelings set m = 'ok' where m = 'meh';\n" +
        "alter type mood rename to mood_old;\n" +
        "create type mood as enum ('ok', 'bad');\n" +
        "alter table feelings alter column m type mood using m::text::mood;\n" +
        "drop type mood_old;\n";

    [TestMethod]
    public async Task A_migration_adding_an_enum_value_is_proven_in_separate_transactions()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_enum", Cancel);
        workspace.WritePair(First, "create type mood as enum ('ok', 'bad');\ncreate table feelings (id int primary key, m mood not null);\n", "drop table feelings;\ndrop type mood;\n");
        workspace.WritePair(Second, AddMehForward, AddMehRollback);

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { First, Second }, outcome.Done.ToArray());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith(Second + " is proved in separate transactions because the forward adds an enum value", StringComparison.Ordinal)), workspace.Log.ToString());
        Assert.IsFalse(workspace.Log.Messages.Any(m => m.StartsWith(First + " is proved in separate", StringComparison.Ordinal)), "a pair without ADD VALUE keeps the one-transaction proof");
        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'mood'"), "the migration is left applied");
        var added = workspace.Pairs().Single(pair => pair.Id == Second);
        Assert.IsTrue((await TestEvidence.ReadAsync(workspace.Context(), Cancel)).Proves(added.Version, added.Forward.Checksum, added.Rollback!.Checksum));
    }

    [TestMethod]
    public async Task An_applied_migration_adding_an_enum_value_is_proven_by_rolling_back_and_re_applying()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("proof_enum_applied", Cancel);
        workspace.WritePair(First, "create type mood as enum ('ok', 'bad');\ncreate table feelings (id int primary key, m mood not null);\n", "drop table feelings;\ndrop type mood;\n");
        workspace.WritePair(Second, AddMehForward, AddMehRollback);
        Assert.IsTrue((await DeployOperation.RunAsync(workspace.Context(), workspace.Pairs(), null, false, Cancel)).Succeeded, workspace.Log.ToString());
        await workspace.ScalarAsync("insert into feelings values (1, 'meh') returning id");

        var outcome = await TestOperation.RunAsync(workspace.Context(), workspace.Pairs(), Second, Cancel);

        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        Assert.AreEqual("ok", await workspace.ScalarAsync("select m::text from feelings where id = 1"), "the rollback moved the row off the removed value");
    }
}
