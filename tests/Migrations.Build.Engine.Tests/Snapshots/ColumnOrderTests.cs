using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Snapshots;

/// <summary>Column order: one line per column that really moved, none for columns a drop or an addition only shifted.</summary>
[TestClass]
public sealed class ColumnOrderTests
{
    private static SnapshotObject Table(string name) => new("table", name, "schema public", []);

    private static SnapshotObject Column(string table, string column, int position, string type = "text") =>
        new("column", table + "." + column, "table " + table, [new("position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("type", type)]);

    /// <summary>A table with its columns at positions 1, 2, … in the order given.</summary>
    private static SnapshotObject[] TableWith(string table, params string[] columns) =>
        [Table(table), .. columns.Select((column, index) => Column(table, column, index + 1))];

    private static string[] Lines(SnapshotObject[] expected, SnapshotObject[] actual) =>
        [.. SchemaDiff.Compare(SchemaSnapshot.Create(expected), SchemaSnapshot.Create(actual), "before", "after rollback").Select(difference => difference.Text)];

    [TestMethod]
    public void One_moved_column_is_one_line_however_many_columns_it_shifted()
    {
        var expected = TableWith("public.post", "id", "author", "title", "keywords", "body", "created", "updated", "published", "slug", "views");
        var actual = TableWith("public.post", "id", "author", "title", "body", "created", "updated", "published", "slug", "keywords", "views");

        DiffAssert.Lines(Lines(expected, actual), "column public.post.keywords: position 9, was 4");
    }

    [TestMethod]
    public void A_column_moved_to_the_front_is_the_one_named()
    {
        var expected = TableWith("public.t", "a", "b", "c", "d", "e");
        var actual = TableWith("public.t", "e", "a", "b", "c", "d");

        DiffAssert.Lines(Lines(expected, actual), "column public.t.e: position 1, was 5");
    }

    [TestMethod]
    public void A_column_dropped_in_the_middle_is_one_missing_line_and_no_position_lines()
    {
        var expected = TableWith("public.t", "a", "b", "c", "d", "e");
        var actual = TableWith("public.t", "a", "b", "d", "e");

        DiffAssert.Lines(Lines(expected, actual), "column public.t.c: missing");
    }

    [TestMethod]
    public void A_column_added_in_the_middle_is_one_unexpected_line_and_no_position_lines()
    {
        var expected = TableWith("public.t", "a", "b", "c");
        var actual = TableWith("public.t", "a", "x", "b", "c");

        DiffAssert.Lines(Lines(expected, actual), "column public.t.x: exists after rollback but not before");
    }

    [TestMethod]
    public void Of_two_swapped_columns_the_later_one_is_reported_as_moved()
    {
        // The shape a drop and re-add leaves: the re-added column went to the end.
        var expected = TableWith("public.customers", "id", "plan", "email");
        var actual = TableWith("public.customers", "id", "email", "plan");

        DiffAssert.Lines(Lines(expected, actual), "column public.customers.plan: position 3, was 2");
    }

    [TestMethod]
    public void A_move_whose_position_number_did_not_change_names_the_column_it_now_follows()
    {
        // a is dropped and x added, which shifts the numbers back onto c's old one: only its neighbour says it moved.
        var expected = TableWith("public.t", "a", "b", "c", "d");
        var actual = TableWith("public.t", "b", "d", "c", "x");

        DiffAssert.Lines(
            Lines(expected, actual),
            "column public.t.a: missing",
            "column public.t.c: position 3, was 3 (now after public.t.d)",
            "column public.t.x: exists after rollback but not before");
    }

    [TestMethod]
    public void A_moved_column_that_also_changed_type_has_both_lines()
    {
        SnapshotObject[] expected = [Table("public.t"), Column("public.t", "a", 1), Column("public.t", "b", 2, "integer"), Column("public.t", "c", 3)];
        SnapshotObject[] actual = [Table("public.t"), Column("public.t", "a", 1), Column("public.t", "c", 2), Column("public.t", "b", 3, "bigint")];

        DiffAssert.Lines(Lines(expected, actual), "column public.t.b: type bigint, expected integer", "column public.t.b: position 3, was 2");
    }

    [TestMethod]
    public void Tables_are_judged_separately()
    {
        SnapshotObject[] expected = [.. TableWith("public.a", "x", "y"), .. TableWith("public.b", "x", "y")];
        SnapshotObject[] actual = [.. TableWith("public.a", "x", "y"), .. TableWith("public.b", "y", "x")];

        DiffAssert.Lines(Lines(expected, actual), "column public.b.x: position 2, was 1");
    }

    [TestMethod]
    public void Attributes_of_a_composite_type_are_ordered_like_columns()
    {
        SnapshotObject[] expected = [new("type", "public.pair", "schema public", []), new("attribute", "public.pair.l", "type public.pair", [new("position", "1")]), new("attribute", "public.pair.r", "type public.pair", [new("position", "2")])];
        SnapshotObject[] actual = [new("type", "public.pair", "schema public", []), new("attribute", "public.pair.l", "type public.pair", [new("position", "2")]), new("attribute", "public.pair.r", "type public.pair", [new("position", "1")])];

        DiffAssert.Lines(Lines(expected, actual), "attribute public.pair.l: position 2, was 1");
    }

    [TestMethod]
    [DataRow(new[] { 1, 2, 3 }, new[] { true, true, true })]
    [DataRow(new[] { 2, 1, 3, 4 }, new[] { true, false, true, true })]
    [DataRow(new[] { 1, 3, 2 }, new[] { true, true, false })]
    [DataRow(new[] { 5, 1, 2, 3, 4 }, new[] { false, true, true, true, true })]
    [DataRow(new[] { 3, 2, 1 }, new[] { true, false, false })]
    [DataRow(new[] { 2, 4, 3 }, new[] { true, true, false })]
    public void The_longest_run_in_order_is_kept_earliest_columns_first(int[] wasRanks, bool[] kept)
    {
        CollectionAssert.AreEqual(kept, ColumnOrder.LongestKeptOrder(wasRanks));
    }

    [TestMethod]
    public void A_shuffled_table_keeps_the_largest_possible_part_in_place()
    {
        var random = new Random(20261130);
        for (var round = 0; round < 200; round++)
        {
            var ranks = Enumerable.Range(1, random.Next(1, 30)).OrderBy(_ => random.Next()).ToArray();
            var kept = ColumnOrder.LongestKeptOrder(ranks);

            var keptRanks = ranks.Where((_, index) => kept[index]).ToArray();
            CollectionAssert.AreEqual(keptRanks.Order().ToArray(), keptRanks, $"kept ranks must be in order: {string.Join(",", ranks)}");
            Assert.AreEqual(LongestIncreasingLength(ranks), keptRanks.Length, $"not the longest run: {string.Join(",", ranks)}");
        }
    }

    // An independent O(n log n) patience count, to check the quadratic one against.
    private static int LongestIncreasingLength(int[] values)
    {
        var tails = new List<int>();
        foreach (var value in values)
        {
            var index = tails.BinarySearch(value);
            index = index < 0 ? ~index : index;
            if (index == tails.Count)
            {
                tails.Add(value);
            }
            else
            {
                tails[index] = value;
            }
        }

        return tails.Count;
    }
}
