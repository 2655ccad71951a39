using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Snapshots;

/// <summary>The diff's wording, ordering and collapsing, on hand-built snapshots (no database needed).</summary>
[TestClass]
public sealed class SchemaDiffTests
{
    private static SnapshotObject Item(string kind, string name, string? parent, params (string Name, string Value)[] properties) =>
        new(kind, name, parent, properties.Select(property => new SnapshotProperty(property.Name, property.Value)));

    private static string[] Lines(SchemaSnapshot expected, SchemaSnapshot actual, string expectedLabel = "before", string actualLabel = "after rollback") =>
        [.. SchemaDiff.Compare(expected, actual, expectedLabel, actualLabel).Select(difference => difference.ToString())];

    [TestMethod]
    public void The_caller_names_the_two_states()
    {
        var table = Item("table", "public.invoices", "schema public");

        var lines = Lines(SchemaSnapshot.Empty, SchemaSnapshot.Create([table]), "after the first apply", "after re-apply");

        DiffAssert.Lines(lines, "table public.invoices: exists after re-apply but not after the first apply");
    }

    [TestMethod]
    public void Differences_are_ordered_by_kind_then_name_whatever_the_input_order()
    {
        var expected = SchemaSnapshot.Create(
        [
            Item("policy", "\"b\" on public.t", "table public.t"),
            Item("column", "public.t.b", "table public.t", ("type", "text")),
            Item("table", "public.t", null),
        ]);
        var actual = SchemaSnapshot.Create(
        [
            Item("table", "public.t", null),
            Item("column", "public.t.b", "table public.t", ("type", "integer")),
            Item("column", "public.t.a", "table public.t", ("type", "text")),
            Item("schema", "zzz", null),
        ]);

        DiffAssert.Lines(
            Lines(expected, actual),
            "schema zzz: exists after rollback but not before",
            "column public.t.a: exists after rollback but not before",
            "column public.t.b: type integer, expected text",
            "policy \"b\" on public.t: missing");
    }

    [TestMethod]
    public void Contents_of_a_missing_container_are_not_listed_at_any_depth()
    {
        var expected = SchemaSnapshot.Create(
        [
            Item("schema", "billing", null),
            Item("table", "billing.t", "schema billing"),
            Item("column", "billing.t.id", "table billing.t", ("type", "int")),
            Item("comment", "on column billing.t.id", "column billing.t.id", ("text", "'x'")),
            Item("table", "public.kept", "schema public"),
        ]);
        var actual = SchemaSnapshot.Create([Item("table", "public.kept", "schema public")]);

        DiffAssert.Lines(Lines(expected, actual), "schema billing: missing");
    }

    [TestMethod]
    public void Contents_of_a_changed_container_are_still_listed()
    {
        var expected = SchemaSnapshot.Create(
        [
            Item("table", "public.t", null, ("row level security", "disabled")),
            Item("column", "public.t.id", "table public.t", ("type", "int")),
        ]);
        var actual = SchemaSnapshot.Create([Item("table", "public.t", null, ("row level security", "enabled"))]);

        DiffAssert.Lines(
            Lines(expected, actual),
            "table public.t: row level security enabled, expected disabled",
            "column public.t.id: missing");
    }

    [TestMethod]
    public void A_property_present_on_one_side_only_reads_as_none()
    {
        var expected = SchemaSnapshot.Create([Item("column", "public.t.c", null, ("type", "text"))]);
        var actual = SchemaSnapshot.Create([Item("column", "public.t.c", null, ("type", "text"), ("default", "0"))]);

        DiffAssert.Lines(Lines(expected, actual), "column public.t.c: default 0, expected (none)");
        DiffAssert.Lines(Lines(actual, expected), "column public.t.c: default (none), expected 0");
    }

    [TestMethod]
    public void A_long_value_is_shown_from_its_first_differing_line()
    {
        var body = "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ select {0} $function$\n";
        var expected = SchemaSnapshot.Create([Item("function", "public.f()", null, ("definition", string.Format(body, 1)))]);
        var actual = SchemaSnapshot.Create([Item("function", "public.f()", null, ("definition", string.Format(body, 2)))]);

        DiffAssert.Lines(
            Lines(expected, actual),
            "function public.f(): definition differs at line 4: \"AS $function$ select 2 $function$\", expected \"AS $function$ select 1 $function$\"");
    }

    [TestMethod]
    public void A_snapshot_rejects_two_objects_with_one_key()
    {
        Assert.ThrowsExactly<ArgumentException>(() => SchemaSnapshot.Create([Item("table", "public.t", null), Item("table", "public.t", null)]));
    }

    [TestMethod]
    public void Equal_snapshots_have_no_difference()
    {
        SnapshotObject[] objects = [Item("table", "public.t", null, ("persistence", "permanent")), Item("schema", "public", null)];

        Assert.AreEqual(0, SchemaDiff.Compare(SchemaSnapshot.Create(objects), SchemaSnapshot.Create(objects.Reverse())).Count);
    }
}
