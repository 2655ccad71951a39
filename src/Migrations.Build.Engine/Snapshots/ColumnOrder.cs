using System.Globalization;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// Which columns really moved. A column's <c>position</c> is its place among its table's live columns, so one column
/// dropped or added in the middle shifts every later position, and comparing positions one by one would report each of
/// those columns. Here the columns both snapshots have are compared by relative order instead: the longest run of them
/// that kept its order stays put, and only the others moved — one line for one moved column, none for a column dropped
/// or added elsewhere (that column has its own missing or unexpected line).
/// </summary>
internal static class ColumnOrder
{
    public const string PositionProperty = "position";

    /// <summary>Whether <paramref name="kind"/> has a position among its siblings that this class compares.</summary>
    public static bool IsOrdered(string kind) => kind is SnapshotObjectKinds.Column or SnapshotObjectKinds.Attribute;

    /// <summary>One <see cref="SchemaDifferenceKind.Moved"/> difference per column that left the order its table's other columns kept.</summary>
    public static IEnumerable<SchemaDifference> Moves(SchemaSnapshot expected, SchemaSnapshot actual, string expectedLabel, string actualLabel)
    {
        var byTable = new Dictionary<string, List<Placement>>(StringComparer.Ordinal);
        foreach (var expectedItem in expected.Objects)
        {
            if (!IsOrdered(expectedItem.Kind) || expectedItem.Parent is not { } table
                || expectedItem[PositionProperty] is not { } was
                || actual.Find(expectedItem.Key)?[PositionProperty] is not { } now)
            {
                continue;
            }

            if (!byTable.TryGetValue(table, out var placements))
            {
                byTable[table] = placements = [];
            }

            placements.Add(new Placement(expectedItem, was, now));
        }

        foreach (var placements in byTable.Values)
        {
            foreach (var move in MovesWithin(placements, expectedLabel, actualLabel))
            {
                yield return move;
            }
        }
    }

    private static IEnumerable<SchemaDifference> MovesWithin(List<Placement> placements, string expectedLabel, string actualLabel)
    {
        if (!placements.TrueForAll(placement => placement.WasRank is not null && placement.NowRank is not null))
        {
            // Positions this version cannot read as numbers: fall back to naming each one that changed.
            foreach (var placement in placements.Where(placement => placement.Was != placement.Now))
            {
                yield return Move(placement, null, expectedLabel, actualLabel);
            }

            yield break;
        }

        placements.Sort((left, right) => left.NowRank!.Value.CompareTo(right.NowRank!.Value));
        var kept = LongestKeptOrder(placements.Select(placement => placement.WasRank!.Value).ToArray());
        for (var index = 0; index < placements.Count; index++)
        {
            if (kept[index])
            {
                continue;
            }

            var placement = placements[index];

            // "position 3, was 3" says nothing: then name the column it now follows, which is what changed.
            var after = placement.Was == placement.Now ? (index == 0 ? "the start" : placements[index - 1].Item.Name) : null;
            yield return Move(placement, after, expectedLabel, actualLabel);
        }
    }

    private static SchemaDifference Move(Placement placement, string? after, string expectedLabel, string actualLabel) =>
        new(SchemaDifferenceKind.Moved, placement.Item.Kind, placement.Item.Name, PositionProperty, placement.Was, placement.Now, expectedLabel, actualLabel, after);

    /// <summary>
    /// Marks the longest increasing run of <paramref name="wasRanks"/> (old positions, in the new order). Of several
    /// equally long runs, the one that keeps the earliest columns wins, so a column dropped and re-added at the end is
    /// the one reported, not the column it swapped places with.
    /// </summary>
    internal static bool[] LongestKeptOrder(int[] wasRanks)
    {
        var count = wasRanks.Length;
        var kept = new bool[count];
        if (IsIncreasing(wasRanks))
        {
            Array.Fill(kept, true);
            return kept;
        }

        // longestFrom[i]: the longest increasing run that starts at i. Quadratic, but a table has at most 1,600 columns,
        // and only tables whose order changed get here.
        var longestFrom = new int[count];
        for (var i = count - 1; i >= 0; i--)
        {
            longestFrom[i] = 1;
            for (var j = i + 1; j < count; j++)
            {
                if (wasRanks[j] > wasRanks[i] && longestFrom[j] + 1 > longestFrom[i])
                {
                    longestFrom[i] = longestFrom[j] + 1;
                }
            }
        }

        var needed = longestFrom.Max();
        var last = int.MinValue;
        for (var i = 0; i < count && needed > 0; i++)
        {
            if (longestFrom[i] == needed && wasRanks[i] > last)
            {
                kept[i] = true;
                last = wasRanks[i];
                needed--;
            }
        }

        return kept;
    }

    private static bool IsIncreasing(int[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] <= values[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Placement(SnapshotObject Item, string Was, string Now)
    {
        public int? WasRank { get; } = Rank(Was);

        public int? NowRank { get; } = Rank(Now);

        private static int? Rank(string position) =>
            int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : null;
    }
}
