namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// How much a difference matters, for listing the ones a person must act on first: objects missing or unexpected,
/// then changed definitions, then other properties, then bodies that differ only in whitespace, and column order last.
/// </summary>
internal static class DifferenceWeight
{
    public static int Of(SchemaDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return difference.Kind switch
        {
            SchemaDifferenceKind.Missing or SchemaDifferenceKind.Unexpected => 0,
            SchemaDifferenceKind.Changed when difference.Property == "definition" => 1,
            SchemaDifferenceKind.Changed => 2,
            SchemaDifferenceKind.Reformatted => 3,
            _ => 4,
        };
    }

    /// <summary>Heaviest first; within one weight, the order given (<see cref="SchemaDiff"/>'s: by kind, then name) is kept.</summary>
    public static IReadOnlyList<SchemaDifference> Order(IEnumerable<SchemaDifference> differences) => [.. differences.OrderBy(Of)];
}
