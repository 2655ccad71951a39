namespace Migrations.Build.Engine.Snapshots;

internal enum SchemaDifferenceKind
{
    /// <summary>In the expected snapshot only.</summary>
    Missing,

    /// <summary>In the actual snapshot only.</summary>
    Unexpected,

    /// <summary>In both, with a property that differs.</summary>
    Changed,

    /// <summary>A column (or attribute) in both, in another place among its table's columns: only the order changed (MIG1027).</summary>
    Moved,

    /// <summary>A routine body or view definition that reads the same once whitespace and line layout are set aside (MIG1028).</summary>
    Reformatted,
}
