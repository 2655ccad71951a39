using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Snapshots;

/// <summary>A refutation lists what to act on first: objects, definitions, properties, then whitespace and column order.</summary>
[TestClass]
public sealed class DifferenceWeightTests
{
    [TestMethod]
    public void A_missing_trigger_and_a_view_that_gained_a_column_come_before_a_moved_column()
    {
        // A rollback that re-creates a table with a column elsewhere, re-creates a view from an older text, and forgets a trigger.
        var expected = SchemaSnapshot.Create(
        [
            new("table", "public.post", "schema public", []),
            new("column", "public.post.id", "table public.post", [new("position", "1")]),
            new("column", "public.post.keywords", "table public.post", [new("position", "2")]),
            new("column", "public.post.title", "table public.post", [new("position", "3")]),
            new("view", "public.recent", "schema public", [new("definition", " SELECT id\n   FROM post;")]),
            new("column", "public.recent.id", "view public.recent", [new("position", "1")]),
            new("trigger", "post_touch on public.post", "table public.post", [new("definition", "CREATE TRIGGER post_touch …")]),
        ]);
        var actual = SchemaSnapshot.Create(
        [
            new("table", "public.post", "schema public", []),
            new("column", "public.post.id", "table public.post", [new("position", "1")]),
            new("column", "public.post.title", "table public.post", [new("position", "2")]),
            new("column", "public.post.keywords", "table public.post", [new("position", "3")]),
            new("view", "public.recent", "schema public", [new("definition", " SELECT id,\n    title\n   FROM post;")]),
            new("column", "public.recent.id", "view public.recent", [new("position", "1")]),
            new("column", "public.recent.title", "view public.recent", [new("position", "2")]),
        ]);

        var ordered = DifferenceWeight.Order(SchemaDiff.Compare(expected, actual, "before", "after rollback"));

        DiffAssert.Lines(
            [.. ordered.Select(difference => difference.Text)],
            "column public.recent.title: exists after rollback but not before",
            "trigger post_touch on public.post: missing",
            "view public.recent: definition differs at line 1: \"SELECT id,\", expected \"SELECT id\"",
            "column public.post.keywords: position 3, was 2");
    }
}
