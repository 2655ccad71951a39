namespace Migrations.Build.Engine.Snapshots;

internal enum SchemaDifferenceKind
{
    /// <summary>In the expected snapshot only.</summary>
    Missing,

    /// <summary>In the actual snapshot only.</summary>
    Unexpected,

    /// <summary>In both, with a property that differs.</summary>
    Changed,
}
