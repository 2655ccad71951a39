using System.Collections.Immutable;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// One object of a schema snapshot: its identity (<see cref="Kind"/> and <see cref="Name"/>, which together read like
/// SQL: <c>column public.customers.plan</c>, <c>policy "x" on public.t</c>, <c>comment on table public.t</c>), the
/// object that contains it (<see cref="Parent"/>, used to report a missing table once instead of once per column),
/// and its properties in a fixed order. Nothing in it depends on OIDs, so equivalent schemas give equal objects.
/// </summary>
internal sealed class SnapshotObject : IEquatable<SnapshotObject>
{
    // Sorting a large snapshot compares kinds about a million times; their rank is looked up once.
    private readonly int kindRank;

    public SnapshotObject(string kind, string name, string? parent, IEnumerable<SnapshotProperty> properties)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(properties);
        Kind = kind;
        Name = name;
        Key = kind + " " + name;
        kindRank = SnapshotObjectKinds.Rank(kind);
        Parent = parent;
        Properties = [.. properties];

        // A handful of properties per object: a pairwise check is cheaper than a set for each of 16,000 objects.
        for (var i = 1; i < Properties.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Properties[i].Name == Properties[j].Name)
                {
                    throw new ArgumentException($"{Key} has two properties named '{Properties[i].Name}'.", nameof(properties));
                }
            }
        }
    }

    /// <summary>The kind word, e.g. <c>table</c>; see <see cref="SnapshotObjectKinds"/>.</summary>
    public string Kind { get; }

    /// <summary>The rest of the identity, e.g. <c>public.t</c> or <c>t_pkey on public.t</c>.</summary>
    public string Name { get; }

    /// <summary>The stable identity: kind and name, e.g. <c>column public.customers.plan</c>.</summary>
    public string Key { get; }

    /// <summary>Key of the containing object (a table for a column, a schema for a table), or null.</summary>
    public string? Parent { get; }

    /// <summary>Properties in the order the reader produced them; a property that does not apply is absent.</summary>
    public ImmutableArray<SnapshotProperty> Properties { get; }

    /// <summary>The value of a property, or null when the object does not have it.</summary>
    public string? this[string propertyName]
    {
        get
        {
            foreach (var property in Properties)
            {
                if (property.Name == propertyName)
                {
                    return property.Value;
                }
            }

            return null;
        }
    }

    public bool Equals(SnapshotObject? other) =>
        other is not null
        && Kind == other.Kind
        && Name == other.Name
        && Parent == other.Parent
        && Properties.SequenceEqual(other.Properties);

    public override bool Equals(object? obj) => Equals(obj as SnapshotObject);

    public override int GetHashCode() => HashCode.Combine(Kind, Name);

    public override string ToString() => Key;

    /// <summary>Listing order: by kind (<see cref="SnapshotObjectKinds.Rank"/>), then by name, ordinally.</summary>
    public static int CompareByIdentity(SnapshotObject left, SnapshotObject right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var byKind = left.kindRank != right.kindRank
            ? left.kindRank.CompareTo(right.kindRank)
            : string.CompareOrdinal(left.Kind, right.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(left.Name, right.Name);
    }
}
