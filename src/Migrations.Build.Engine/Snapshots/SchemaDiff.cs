namespace Migrations.Build.Engine.Snapshots;

/// <summary>Compares two snapshots object by object and says, one line per difference, how the actual one differs.</summary>
internal static class SchemaDiff
{
    /// <param name="expected">The state the schema should be in (e.g. before the migration).</param>
    /// <param name="actual">The state it is in (e.g. after rolling the migration back).</param>
    /// <param name="expectedLabel">Names the expected state in messages: "exists after rollback but not <b>before</b>".</param>
    /// <param name="actualLabel">Names the actual state in messages: "exists <b>after rollback</b> but not before".</param>
    /// <returns>
    /// Differences ordered by object kind, then name, then property order. An object missing or unexpected as a whole
    /// is reported once: its contents (a table's columns, indexes, comments, …) are not listed after it. Columns in
    /// another order are one line per column that really moved (<see cref="ColumnOrder"/>), and a routine body or view
    /// definition that differs only in whitespace says so (<see cref="LayoutOnlyChange"/>); <see cref="DifferenceWeight"/>
    /// orders them by how much they matter.
    /// </returns>
    public static IReadOnlyList<SchemaDifference> Compare(
        SchemaSnapshot expected,
        SchemaSnapshot actual,
        string expectedLabel = "before",
        string actualLabel = "after")
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expectedLabel);
        ArgumentNullException.ThrowIfNull(actualLabel);

        var differences = new List<SchemaDifference>();
        foreach (var expectedObject in expected.Objects)
        {
            var actualObject = actual.Find(expectedObject.Key);
            if (actualObject is null)
            {
                if (!HasAncestorAbsentFrom(expectedObject, expected, actual))
                {
                    differences.Add(Whole(SchemaDifferenceKind.Missing, expectedObject, expectedLabel, actualLabel));
                }
            }
            else if (!expectedObject.Properties.SequenceEqual(actualObject.Properties))
            {
                AddChangedProperties(differences, expectedObject, actualObject, expectedLabel, actualLabel);
            }
        }

        foreach (var actualObject in actual.Objects)
        {
            if (!expected.Contains(actualObject.Key) && !HasAncestorAbsentFrom(actualObject, actual, expected))
            {
                differences.Add(Whole(SchemaDifferenceKind.Unexpected, actualObject, expectedLabel, actualLabel));
            }
        }

        differences.AddRange(ColumnOrder.Moves(expected, actual, expectedLabel, actualLabel));

        // Both loops walk sorted snapshots; a stable sort merges them without disturbing property order.
        return [.. differences.OrderBy(difference => difference, Comparer<SchemaDifference>.Create(CompareByObject))];
    }

    private static SchemaDifference Whole(SchemaDifferenceKind kind, SnapshotObject item, string expectedLabel, string actualLabel) =>
        new(kind, item.Kind, item.Name, null, null, null, expectedLabel, actualLabel);

    private static void AddChangedProperties(
        List<SchemaDifference> differences,
        SnapshotObject expected,
        SnapshotObject actual,
        string expectedLabel,
        string actualLabel)
    {
        foreach (var property in expected.Properties)
        {
            var actualValue = actual[property.Name];
            if (actualValue == property.Value || (property.Name == ColumnOrder.PositionProperty && ColumnOrder.IsOrdered(expected.Kind) && actualValue is not null))
            {
                // A position is compared across the whole table, by ColumnOrder: one moved column shifts the others.
                continue;
            }

            var kind = actualValue is not null && LayoutOnlyChange.Applies(expected.Kind, property.Name) && LayoutOnlyChange.Between(property.Value, actualValue)
                ? SchemaDifferenceKind.Reformatted
                : SchemaDifferenceKind.Changed;
            differences.Add(new(kind, expected.Kind, expected.Name, property.Name, property.Value, actualValue, expectedLabel, actualLabel));
        }

        foreach (var property in actual.Properties)
        {
            if (expected[property.Name] is null)
            {
                differences.Add(new(SchemaDifferenceKind.Changed, expected.Kind, expected.Name, property.Name, null, property.Value, expectedLabel, actualLabel));
            }
        }
    }

    /// <summary>
    /// True when some container of <paramref name="item"/> (its table, the table's schema, …) is itself absent from
    /// <paramref name="other"/>: that container's line already says everything inside it is absent.
    /// </summary>
    private static bool HasAncestorAbsentFrom(SnapshotObject item, SchemaSnapshot own, SchemaSnapshot other)
    {
        var parentKey = item.Parent;
        var steps = 0;
        while (parentKey is not null && steps++ < own.Count)
        {
            if (!other.Contains(parentKey))
            {
                // Only a container that this snapshot really holds gets a line of its own to stand for its contents.
                if (own.Contains(parentKey))
                {
                    return true;
                }
            }

            parentKey = own.Find(parentKey)?.Parent;
        }

        return false;
    }

    private static int CompareByObject(SchemaDifference left, SchemaDifference right)
    {
        var byKind = SnapshotObjectKinds.Compare(left.ObjectKind, right.ObjectKind);
        return byKind != 0 ? byKind : string.CompareOrdinal(left.ObjectName, right.ObjectName);
    }
}
