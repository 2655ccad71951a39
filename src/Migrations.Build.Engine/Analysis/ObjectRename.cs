using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// ALTER … RENAME TO, RENAME COLUMN or RENAME CONSTRAINT of one object; <see cref="ObjectChange.Object"/> is the object
/// under its old name. The object stays what it was (PostgreSQL tracks it by OID): what depends on it follows it, and a
/// rollback that drops it under <see cref="NewName"/> drops the same object.
/// </summary>
internal sealed record ObjectRename(SchemaObject Object, SqlStatement Statement, SqlToken Token, string NewName) : ObjectChange(Object, Statement, Token)
{
    /// <summary>ALTER … IF EXISTS: the object may not have been there.</summary>
    public bool IfExists { get; init; }

    /// <summary>The object under its new name, in the same schema (and on the same table).</summary>
    public SchemaObject Renamed => Object with { Name = NewName, GeneratedNameSuffix = null };

    /// <summary>
    /// True when <paramref name="candidate"/> is the object this renames. Tables, views, materialized views, sequences
    /// and indexes share one namespace, and ALTER TABLE (or ALTER VIEW …) renames any of them, so those match by schema
    /// and name alone.
    /// </summary>
    public bool Renames(SchemaObject candidate) => IsRelation(Object) && Object.Parent is null
        ? IsRelation(candidate) && candidate.IsSameRelationAs(Object)
        : candidate.IsNamedBy(Object);

    /// <summary><paramref name="candidate"/> as it is named after this rename: itself renamed, or on its renamed table.</summary>
    public SchemaObject Apply(SchemaObject candidate)
    {
        if (Renames(candidate))
        {
            return candidate with { Name = NewName, GeneratedNameSuffix = null };
        }

        return candidate.Parent is { } parent && IsRelation(Object) && Object.Parent is null && parent.IsSameRelationAs(Object)
            ? candidate with { Parent = parent with { Name = NewName } }
            : candidate;
    }

    /// <summary>The inverse of <see cref="Apply"/>: <paramref name="candidate"/>, named as after this rename, as it was named before it.</summary>
    public SchemaObject Undo(SchemaObject candidate)
    {
        var renamed = Renamed;
        if (IsRelation(renamed) && renamed.Parent is null
            ? IsRelation(candidate) && candidate.IsSameRelationAs(renamed)
            : candidate.IsNamedBy(renamed))
        {
            return candidate with { Name = Object.Name };
        }

        return candidate.Parent is { } parent && IsRelation(renamed) && renamed.Parent is null && parent.IsSameRelationAs(renamed)
            ? candidate with { Parent = parent with { Name = Object.Name } }
            : candidate;
    }

    private static bool IsRelation(SchemaObject target) =>
        target.Kind is ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView or ObjectKind.Sequence or ObjectKind.Index;
}
