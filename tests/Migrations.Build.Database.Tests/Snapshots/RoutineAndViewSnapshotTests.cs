using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Snapshots;

[TestClass]
public sealed class RoutineAndViewSnapshotTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_changed_view_definition_points_at_the_first_differing_line()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table t (id int, active bool); create view active_t as select id from t where active",
            "create or replace view active_t as select id from t where not active",
            TestContext.CancellationToken);

        // PostgreSQL 16 stopped qualifying columns in a view over a single table (WHERE t.active became WHERE active).
        var qualifier = await PostgresReleases.MajorOfAsync((await PostgresServer.GetAsync(TestContext.CancellationToken)).AdminConnectionString, TestContext.CancellationToken) >= 16 ? string.Empty : "t.";
        DiffAssert.Lines(lines, $"view public.active_t: definition differs at line 3: \"WHERE NOT {qualifier}active;\", expected \"WHERE {qualifier}active;\"");
    }

    [TestMethod]
    public async Task A_changed_view_option()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table t (id int); create view v as select id from t",
            "alter view v set (security_barrier = true)",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "view public.v: options security_barrier=true, expected (none)");
    }

    [TestMethod]
    public async Task A_leftover_materialized_view_with_its_index()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create table t (id int)",
            "create materialized view t_ids as select id from t; create index t_ids_id_idx on t_ids (id)",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "materialized view public.t_ids: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_changed_sequence_property()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create sequence invoice_numbers",
            "alter sequence invoice_numbers increment by 5 cycle; select nextval('invoice_numbers')",
            TestContext.CancellationToken);

        DiffAssert.Lines(
            lines,
            "sequence public.invoice_numbers: increment 5, expected 1",
            "sequence public.invoice_numbers: cycle true, expected false");
    }

    [TestMethod]
    public async Task A_leftover_sequence()
    {
        var lines = await SnapshotScenario.DiffAsync("", "create sequence s as smallint start 10", TestContext.CancellationToken);

        DiffAssert.Lines(lines, "sequence public.s: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_changed_function_body()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create schema billing; create function billing.tax(amount numeric) returns numeric language sql as $$ select amount * 0.2 $$",
            "create or replace function billing.tax(amount numeric) returns numeric language sql as $$ select amount * 0.25 $$",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "function billing.tax(numeric): definition differs at line 4: \"AS $function$ select amount * 0.25 $function$\", expected \"AS $function$ select amount * 0.2 $function$\"");
    }

    [TestMethod]
    public async Task A_changed_function_attribute()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create function f() returns int language sql as $$ select 1 $$",
            "alter function f() stable",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "function public.f(): definition differs at line 4: \"STABLE\", expected \"AS $function$ select 1 $function$\"");
    }

    [TestMethod]
    public async Task Overloads_are_distinct_objects()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "create function f(a int) returns int language sql as $$ select a $$",
            "create function f(a text) returns text language sql as $$ select a $$",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "function public.f(text): exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_leftover_procedure()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "",
            "create procedure archive(days int) language sql as $$ select 1 $$",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "procedure public.archive(integer): exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_leftover_aggregate()
    {
        var lines = await SnapshotScenario.DiffAsync(
            "",
            "create aggregate total(int) (sfunc = int4pl, stype = int, initcond = '0')",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "aggregate public.total(integer): exists after rollback but not before");
    }

    private const string TriggerSetup = """
        create table t (id int, updated_at timestamptz);
        create function touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
        """;

    [TestMethod]
    public async Task A_leftover_trigger()
    {
        var lines = await SnapshotScenario.DiffAsync(
            TriggerSetup,
            "create trigger t_touch before update on t for each row execute function touch()",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "trigger t_touch on public.t: exists after rollback but not before");
    }

    [TestMethod]
    public async Task A_disabled_trigger()
    {
        var lines = await SnapshotScenario.DiffAsync(
            TriggerSetup + "create trigger t_touch before update on t for each row execute function touch();",
            "alter table t disable trigger t_touch",
            TestContext.CancellationToken);

        DiffAssert.Lines(lines, "trigger t_touch on public.t: state disabled, expected enabled");
    }

    [TestMethod]
    public async Task Internal_triggers_of_foreign_keys_are_not_listed()
    {
        await using var scenario = await SnapshotScenario.StartAsync("fk_triggers", TestContext.CancellationToken);
        await scenario.ExecuteAsync("create table a (id int primary key); create table b (a_id int references a)", TestContext.CancellationToken);

        var snapshot = await scenario.ReadAsync(TestContext.CancellationToken);

        Assert.IsFalse(snapshot.Objects.Any(item => item.Kind == "trigger"), snapshot.ToString());
    }
}
