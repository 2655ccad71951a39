using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Resolves names as written to the objects PostgreSQL would take them for at one point of a script: a qualified name
/// to its schema, an unqualified one to <see cref="CurrentSchema"/>, the first schema of the search_path in force.
/// </summary>
internal readonly record struct NameResolver(string CurrentSchema)
{
    public static NameResolver Default { get; } = new(QualifiedName.DefaultSchema);

    /// <summary>The resolver after SET search_path: the <c>$user</c> schema rarely exists, so names go to the next entry.</summary>
    public static NameResolver ForSearchPath(IReadOnlyList<string> searchPath) =>
        new(searchPath.FirstOrDefault(schema => schema != "$user") ?? QualifiedName.DefaultSchema);

    public SchemaObject Resolve(ObjectKind kind, QualifiedName name) =>
        new(kind, name.Schema ?? CurrentSchema, name.Name) { IsSchemaWritten = name.IsQualified };

    /// <summary>The table (or view) a column, constraint, index, trigger or policy belongs to.</summary>
    public SchemaObject Relation(QualifiedName name) => Resolve(ObjectKind.Table, name);

    public IReadOnlyList<ObjectReference> Resolve(IReadOnlyList<NameReference> references)
    {
        if (references.Count == 0)
        {
            return [];
        }

        var resolved = new ObjectReference[references.Count];
        for (var i = 0; i < resolved.Length; i++)
        {
            var name = references[i].Name;
            resolved[i] = new ObjectReference(name.Schema ?? CurrentSchema, name.Name, references[i].Reason);
        }

        return resolved;
    }
}
