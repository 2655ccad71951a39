using System.Collections.Immutable;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// The shape of a database's schemas at one moment, as a sorted, immutable set of <see cref="SnapshotObject"/>s with
/// unique keys. Two snapshots of equivalent schemas are equal object by object; <see cref="SchemaDiff"/> says how two
/// snapshots differ.
/// </summary>
internal sealed class SchemaSnapshot
{
    private readonly Dictionary<string, SnapshotObject> byKey;

    private SchemaSnapshot(ImmutableArray<SnapshotObject> objects, Dictionary<string, SnapshotObject> byKey)
    {
        Objects = objects;
        this.byKey = byKey;
    }

    public static SchemaSnapshot Empty { get; } = Create([]);

    /// <summary>Every object, ordered by kind then name.</summary>
    public ImmutableArray<SnapshotObject> Objects { get; }

    public int Count => Objects.Length;

    /// <exception cref="ArgumentException">Two objects share a key.</exception>
    public static SchemaSnapshot Create(IEnumerable<SnapshotObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sorted = objects.ToArray();
        Array.Sort(sorted, SnapshotObject.CompareByIdentity);
        var byKey = new Dictionary<string, SnapshotObject>(sorted.Length, StringComparer.Ordinal);
        foreach (var item in sorted)
        {
            if (!byKey.TryAdd(item.Key, item))
            {
                throw new ArgumentException($"The snapshot holds '{item.Key}' twice.", nameof(objects));
            }
        }

        // A plain dictionary, never exposed: building a frozen one costs more than the few lookups a diff makes.
        return new SchemaSnapshot(ImmutableArray.Create(sorted), byKey);
    }

    public SnapshotObject? Find(string key) => byKey.GetValueOrDefault(key);

    public bool Contains(string key) => byKey.ContainsKey(key);

    /// <summary>One line per object and property, e.g. for a test log or to store a snapshot as evidence.</summary>
    public override string ToString() =>
        string.Join(
            '\n',
            Objects.Select(item => item.Properties.IsEmpty
                ? item.Key
                : item.Key + ": " + string.Join("; ", item.Properties.Select(property => property.Name + " " + property.Value))));
}
