using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Database.Tests.Snapshots;

[TestClass]
public sealed class SnapshotInvariantTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>A bit of everything the snapshot captures, as a forward migration would create it.</summary>
    private const string Everything = """
        create extension if not exists pgcrypto;
        create schema billing;
        comment on schema billing is 'Billing';
        create type billing.mood as enum ('sad', 'happy');
        create type billing.address as (street text, city text);
        create domain billing.amount as numeric(10, 2) default 0 constraint amount_positive check (value >= 0);
        create sequence billing.invoice_numbers start 1000;
        create table billing.customers (id bigint generated always as identity primary key, plan varchar(20) not null default 'free', mood billing.mood);
        create table billing.invoices (
            id serial primary key,
            customer_id bigint not null references billing.customers (id),
            total billing.amount,
            number bigint default nextval('billing.invoice_numbers'),
            net numeric generated always as (total * 0.8) stored);
        create index invoices_customer_idx on billing.invoices (customer_id);
        comment on table billing.invoices is 'Invoices';
        comment on column billing.invoices.total is 'in cents';
        alter table billing.invoices enable row level security;
        alter table billing.invoices force row level security;
        create policy "tenant isolation" on billing.invoices using (customer_id = 1);
        create view billing.open_invoices as select id, total from billing.invoices where total > 0;
        create materialized view billing.totals as select customer_id, sum(total) as total from billing.invoices group by customer_id;
        create function billing.touch() returns trigger language plpgsql as $$ begin return new; end $$;
        create procedure billing.archive(days int) language sql as $$ select 1 $$;
        create trigger invoices_touch before update on billing.invoices for each row execute function billing.touch();
        alter table billing.invoices disable trigger invoices_touch;
        create table billing.events (id int, at date) partition by range (at);
        create table billing.events_2024 partition of billing.events for values from ('2024-01-01') to ('2025-01-01');
        create publication billing_changes for table billing.invoices;
        grant usage on schema billing to public;
        grant select on billing.invoices to public;
        alter table public.keep add column note text;
        """;

    private const string EverythingDropped = """
        drop publication billing_changes;
        alter table public.keep drop column note;
        drop schema billing cascade;
        drop extension pgcrypto;
        """;

    [TestMethod]
    public async Task An_exact_reversal_leaves_no_difference()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table public.keep (id int, name text)",
            Everything + EverythingDropped,
            TestContext.CancellationToken);

        DiffAssert.Lines(lines);
    }

    [TestMethod]
    public async Task Applying_again_after_a_reversal_gives_the_same_snapshot_as_the_first_application()
    {
        await using var scenario = await SnapshotScenario.StartAsync("reapply", TestContext.CancellationToken);
        await scenario.ExecuteAsync("create table public.keep (id int, name text)", TestContext.CancellationToken);
        await scenario.ExecuteAsync(Everything, TestContext.CancellationToken);
        var firstApply = await scenario.ReadAsync(TestContext.CancellationToken);
        await scenario.ExecuteAsync(EverythingDropped, TestContext.CancellationToken);
        await scenario.ExecuteAsync(Everything, TestContext.CancellationToken);
        var secondApply = await scenario.ReadAsync(TestContext.CancellationToken);

        // The second time, public.keep.note has a higher attnum and the dropped one leaves a gap; OIDs all differ.
        DiffAssert.Lines([.. SchemaDiff.Compare(firstApply, secondApply, "after the first apply", "after re-apply").Select(d => d.ToString())]);
        TestContext.WriteLine(firstApply.ToString());
        Assert.IsTrue(firstApply.Count > 60, firstApply.ToString());
    }

    [TestMethod]
    public async Task Two_snapshots_of_the_same_schema_are_equal()
    {
        await using var scenario = await SnapshotScenario.StartAsync("determinism", TestContext.CancellationToken);
        await scenario.ExecuteAsync("create table public.keep (id int, name text)", TestContext.CancellationToken);
        await scenario.ExecuteAsync(Everything, TestContext.CancellationToken);

        var first = await scenario.ReadAsync(TestContext.CancellationToken);
        var second = await scenario.ReadAsync(TestContext.CancellationToken);

        Assert.AreEqual(0, SchemaDiff.Compare(first, second).Count);
        CollectionAssert.AreEqual(first.Objects.ToArray(), second.Objects.ToArray());
        Assert.AreEqual(first.ToString(), second.ToString());
    }

    [TestMethod]
    public async Task The_session_search_path_and_date_style_do_not_change_the_snapshot()
    {
        await using var scenario = await SnapshotScenario.StartAsync("session", TestContext.CancellationToken);
        await scenario.ExecuteAsync(
            "create schema billing; create table billing.t (at date default '2024-02-01', d interval default '1 day'); create view billing.v as select at from billing.t",
            TestContext.CancellationToken);
        var plain = await scenario.ReadAsync(TestContext.CancellationToken);

        await scenario.ExecuteAsync("set search_path = billing, public; set datestyle = 'SQL, DMY'; set intervalstyle = 'iso_8601'", TestContext.CancellationToken);
        var tweaked = await scenario.ReadAsync(TestContext.CancellationToken);

        DiffAssert.Lines([.. SchemaDiff.Compare(plain, tweaked).Select(d => d.ToString())]);
        Assert.AreEqual("billing, public", await scenario.ScalarAsync("show search_path", TestContext.CancellationToken), "the session's own settings are left alone");
    }

    [TestMethod]
    public async Task The_history_schema_is_left_out_and_can_be_named()
    {
        await using var scenario = await SnapshotScenario.StartAsync("history", TestContext.CancellationToken);
        await scenario.ExecuteAsync(
            "create schema migrations_build; create table migrations_build.history (id int); create schema ops; create table ops.history (id int)",
            TestContext.CancellationToken);

        var byDefault = await SchemaSnapshotReader.ReadAsync(scenario.Connection, cancellationToken: TestContext.CancellationToken);
        var custom = await SchemaSnapshotReader.ReadAsync(scenario.Connection, SnapshotOptions.ForHistory(new HistoryLocation("ops", "history")), TestContext.CancellationToken);
        var withPattern = await SchemaSnapshotReader.ReadAsync(
            scenario.Connection,
            new SnapshotOptions { ExcludedSchemas = [.. SnapshotOptions.SystemSchemas, "migrations_*", "op_"] },
            TestContext.CancellationToken);

        Assert.IsNull(byDefault.Find("schema migrations_build"));
        Assert.IsNotNull(byDefault.Find("table ops.history"));
        Assert.IsNotNull(custom.Find("table migrations_build.history"));
        Assert.IsNull(custom.Find("table ops.history"));
        Assert.IsNull(withPattern.Find("schema migrations_build"));
        Assert.IsNotNull(withPattern.Find("schema ops"), "'_' in a pattern is a literal underscore, not a LIKE wildcard");
        Assert.IsFalse(byDefault.Objects.Any(item => item.Name.StartsWith("pg_", StringComparison.Ordinal) || item.Name.StartsWith("information_schema", StringComparison.Ordinal)), byDefault.ToString());
    }

    [TestMethod]
    public async Task History_written_by_a_migration_is_not_a_difference()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "",
            "create schema migrations_build; create table migrations_build.history (version text); insert into migrations_build.history values ('1')",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines);
    }

    [TestMethod]
    public async Task Reading_inside_a_caller_transaction_is_refused_clearly()
    {
        await using var scenario = await SnapshotScenario.StartAsync("in_transaction", TestContext.CancellationToken);
        await using var transaction = await scenario.Connection.BeginTransactionAsync(TestContext.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => scenario.ReadAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Reading_within_a_caller_transaction_sees_its_changes_and_leaves_its_session_as_it_was()
    {
        await using var scenario = await SnapshotScenario.StartAsync("within_transaction", TestContext.CancellationToken);
        await scenario.ExecuteAsync("set search_path = public; set datestyle = 'SQL, DMY'", TestContext.CancellationToken);
        await using var transaction = await scenario.Connection.BeginTransactionAsync(TestContext.CancellationToken);
        await scenario.ExecuteAsync("create table uncommitted (id int)", TestContext.CancellationToken);

        var first = await SchemaSnapshotReader.ReadAsync(scenario.Connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken);
        var second = await SchemaSnapshotReader.ReadAsync(scenario.Connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken);

        Assert.IsTrue(first.Contains("table public.uncommitted"), first.ToString());
        Assert.IsEmpty(SchemaDiff.Compare(first, second), "a second read (prepared statements reused) sees the same schema");
        Assert.AreEqual("public", await scenario.ScalarAsync("show search_path", TestContext.CancellationToken));
        Assert.AreEqual("SQL, DMY", await scenario.ScalarAsync("show datestyle", TestContext.CancellationToken));
        var leftover = await Assert.ThrowsExactlyAsync<PostgresException>(() => scenario.ExecuteAsync("release savepoint migrations_build_snapshot", TestContext.CancellationToken));
        Assert.AreEqual("3B001", leftover.SqlState, "the reader's savepoint is released, not left in the caller's transaction");
    }

    [TestMethod]
    public async Task Reading_within_an_aborted_transaction_fails_with_the_servers_own_reason()
    {
        await using var scenario = await SnapshotScenario.StartAsync("aborted_transaction", TestContext.CancellationToken);

        // Once before anything was prepared on the connection, once after a read prepared the catalog queries: the
        // savepoint travels in the query batch either way, and when it cannot be set nothing may try to return to it.
        for (var read = 0; read < 2; read++)
        {
            await using var transaction = await scenario.Connection.BeginTransactionAsync(TestContext.CancellationToken);
            if (read == 1)
            {
                await SchemaSnapshotReader.ReadAsync(scenario.Connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken);
            }

            await Assert.ThrowsExactlyAsync<PostgresException>(() => scenario.ExecuteAsync("select 1/0", TestContext.CancellationToken));
            var thrown = await Assert.ThrowsExactlyAsync<PostgresException>(() =>
                SchemaSnapshotReader.ReadAsync(scenario.Connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken));

            Assert.AreEqual("25P02", thrown.SqlState, $"read {read + 1}: the transaction's own state, not a failed rollback to a savepoint never set ({thrown.MessageText})");
            await transaction.RollbackAsync(TestContext.CancellationToken);
        }

        Assert.AreEqual(1, await scenario.ScalarAsync("select 1", TestContext.CancellationToken), "the connection is usable after the caller rolls back");
    }

    [TestMethod]
    public async Task A_read_that_fails_after_its_savepoint_returns_the_caller_transaction_to_where_it_was()
    {
        await using var database = await Migrations.Build.Testing.PostgresServer.CreateDatabaseAsync("snapshot_fails_inside", TestContext.CancellationToken);
        await using var holder = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await using var connection = await database.OpenConnectionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "create table locked (id int); create view over_locked as select id from locked");

        // Deparsing a view locks the tables it reads, so the views query (well after the savepoint in the batch) waits
        // on the holder's lock until lock_timeout ends it: a failure the savepoint must undo.
        await using var blocking = await holder.BeginTransactionAsync(TestContext.CancellationToken);
        await ExecuteAsync(holder, "lock table locked in access exclusive mode");
        await using var transaction = await connection.BeginTransactionAsync(TestContext.CancellationToken);
        await ExecuteAsync(connection, "set local lock_timeout = '200ms'; create table uncommitted (id int)");

        var thrown = await Assert.ThrowsAsync<Exception>(() => SchemaSnapshotReader.ReadAsync(connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken));

        Assert.AreEqual("55P03", (thrown as PostgresException ?? thrown.InnerException as PostgresException)?.SqlState, thrown.ToString());
        await blocking.RollbackAsync(TestContext.CancellationToken);
        Assert.AreEqual(1L, await ScalarAsync(connection, "select count(*) from pg_tables where tablename = 'uncommitted'"), "the caller's transaction goes on, its own work kept");
        Assert.AreEqual("\"$user\", public", await ScalarAsync(connection, "show search_path"), "the reader's settings went with its savepoint");
        var snapshot = await SchemaSnapshotReader.ReadAsync(connection, transaction, SnapshotOptions.Default, TestContext.CancellationToken);
        Assert.IsTrue(snapshot.Contains("view public.over_locked"), snapshot.ToString());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
