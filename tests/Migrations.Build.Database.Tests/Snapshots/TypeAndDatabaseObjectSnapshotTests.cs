namespace Migrations.Build.Database.Tests.Snapshots;

[TestClass]
public sealed class TypeAndDatabaseObjectSnapshotTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task An_enum_label_added()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create type mood as enum ('sad', 'happy')",
            "alter type mood add value 'ok' before 'happy'",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "type public.mood: labels 'sad', 'ok', 'happy', expected 'sad', 'happy'");
    }

    [TestMethod]
    public async Task A_leftover_enum()
    {
        var lines = await SnapshotScenario.DiffAsync("", "create type mood as enum ('sad', 'happy')", TestContext.CancellationToken);

        DiffAssert.Lines(lines, "type public.mood: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_composite_attribute_added_and_one_retyped()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create type address as (street text, city varchar(40))",
            "alter type address add attribute zip text; alter type address alter attribute city type text",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "attribute public.address.city: type text, expected character varying(40)",
            "attribute public.address.zip: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_domain_constraint_added_and_the_domain_made_not_null()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create domain amount as numeric(10, 2) default 0",
            "alter domain amount add constraint amount_positive check (value > 0); alter domain amount set not null",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "domain public.amount: nullable false, expected true",
            "constraint amount_positive on domain public.amount: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_changed_domain_default()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create domain amount as numeric(10, 2) default 0",
            "alter domain amount set default 1",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "domain public.amount: default 1, expected 0");
    }

    [TestMethod]
    public async Task A_leftover_extension_is_one_line_without_its_members()
    {
        await using var scenario = await SnapshotScenario.StartAsync("extension", TestContext.CancellationToken);
        var available = (string?)await scenario.ScalarAsync(
            "select name from pg_available_extensions where name in ('pgcrypto', 'citext', 'hstore') order by name limit 1",
            TestContext.CancellationToken);
        if (available is null)
        {
            // No contrib package on this server: plpgsql is always installed, so check that it is captured with its
            // version instead of reporting nothing.
            var snapshot = await scenario.ReadAsync(TestContext.CancellationToken);
            Assert.IsNotNull(snapshot.Find("extension plpgsql")?["version"], snapshot.ToString());
            TestContext.WriteLine("no contrib extension available; checked plpgsql is captured with its version instead");
            return;
        }

        var lines = await scenario.DiffAsync("", $"create extension {available}", TestContext.CancellationToken);

        DiffAssert.Lines(lines, $"extension {available}: exists after rollback but not before");
    }

    [TestMethod]
    public async Task The_built_in_plpgsql_extension_is_captured_with_its_version()
    {
        await using var scenario = await SnapshotScenario.StartAsync("plpgsql", TestContext.CancellationToken);
        var version = (string?)await scenario.ScalarAsync("select extversion from pg_extension where extname = 'plpgsql'", TestContext.CancellationToken);

        var snapshot = await scenario.ReadAsync(TestContext.CancellationToken);

        Assert.AreEqual(version, snapshot.Find("extension plpgsql")!["version"]);
        Assert.AreEqual("pg_catalog", snapshot.Find("extension plpgsql")!["schema"]);
    }

    [TestMethod]
    public async Task A_leftover_publication()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table a (id int primary key)",
            "create publication orders for table a",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "publication orders: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_table_added_to_a_publication()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table a (id int primary key); create table b (id int primary key); create publication orders for table a with (publish = 'insert');",
            "alter publication orders add table b; alter publication orders set (publish = 'insert, delete')",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "publication orders: publish insert, delete, expected insert",
            "publication orders: tables public.a, public.b, expected public.a");
    }

    [TestMethod]
    public async Task A_publication_for_all_tables()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create publication everything for all tables",
            "drop publication everything; create publication everything for table b",
            TestContext.CancellationToken,
            setupTables: true);

        DiffAssert.Lines(
            lines,
            "publication everything: all tables false, expected true",
            "publication everything: tables public.b, expected (none)");
    }

    [TestMethod]
    public async Task Comments_added_changed_and_removed()
    {
        var lines = await SnapshotScenario.DiffAsync(
            """
            create schema billing;
            create table billing.invoices (id int, amount int);
            create function billing.f() returns int language sql as $$ select 1 $$;
            create type billing.mood as enum ('sad');
            comment on table billing.invoices is 'Invoices';
            comment on function billing.f() is 'one';
            """,
            """
            comment on table billing.invoices is 'Invoices, in cents';
            comment on column billing.invoices.amount is 'in cents';
            comment on function billing.f() is null;
            comment on type billing.mood is 'how it went';
            comment on schema billing is 'Billing';
            """,
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "comment on column billing.invoices.amount: exists after rollback but not before",
            "comment on function billing.f(): missing",
            "comment on schema billing: exists after rollback but not before",
            "comment on table billing.invoices: text 'Invoices, in cents', expected 'Invoices'",
            "comment on type billing.mood: exists after rollback but not before");
    }

    [TestMethod]
    public async Task Comments_on_constraints_indexes_triggers_policies_and_views()
    {
        var lines = await SnapshotScenario.DiffAsync(
            """
            create table t (id int constraint t_id_positive check (id > 0), tenant int);
            create index t_tenant_idx on t (tenant);
            create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
            create trigger t_touch before update on t for each row execute function touch();
            create policy tenant_isolation on t using (tenant = 1);
            create view v as select id from t;
            """,
            """
            comment on constraint t_id_positive on t is 'c';
            comment on index t_tenant_idx is 'i';
            comment on trigger t_touch on t is 't';
            comment on policy tenant_isolation on t is 'p';
            comment on view v is 'v';
            """,
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "comment on constraint t_id_positive on public.t: exists after rollback but not before",
            "comment on index public.t_tenant_idx: exists after rollback but not before",
            "comment on policy \"tenant_isolation\" on public.t: exists after rollback but not before",
            "comment on trigger t_touch on public.t: exists after rollback but not before",
            "comment on view public.v: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_leftover_schema_is_one_line_however_much_it_holds()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "",
            """
            create schema billing;
            create table billing.invoices (id int primary key);
            create function billing.f() returns int language sql as $$ select 1 $$;
            comment on schema billing is 'Billing';
            """,
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "schema billing: exists after rollback but not before");
    }

    [TestMethod]
    public async Task Names_are_quoted_only_where_PostgreSQL_needs_it()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table public.kept (id int)",
            """
            create schema "Billing";
            create table "Billing"."order" (id int);
            create table public."my table" (id int);
            alter table public.kept add column "Total" int, add column "select" int, add column plain_name int;
            """,
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "schema \"Billing\": exists after rollback but not before",
            "table public.\"my table\": exists after rollback but not before",
            "column public.kept.\"Total\": exists after rollback but not before",
            "column public.kept.\"select\": exists after rollback but not before",
            "column public.kept.plain_name: exists after rollback but not before");
    }
}
