using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>A CREATE (or ALTER TABLE … ADD / ENABLE ROW LEVEL SECURITY) of one object.</summary>
internal sealed record ObjectCreation(SchemaObject Object, SqlStatement Statement, SqlToken Token) : ObjectChange(Object, Statement, Token)
{
    /// <summary>CREATE OR REPLACE: it may have replaced an object that existed before, which a rollback restores by re-creating it.</summary>
    public bool IsOrReplace { get; init; }

    /// <summary>The names the definition depends on (referenced tables, column types, a view's sources, a trigger's function).</summary>
    public IReadOnlyList<ObjectReference> References { get; init; } = [];

    /// <summary>The column names an added constraint or index mentions, so dropping one of those columns removes it too.</summary>
    public IReadOnlyList<string> MentionedColumns { get; init; } = [];

    /// <summary>
    /// The sequence of a serial or identity column: PostgreSQL refuses to drop it while the column is there (the column's
    /// default uses it, or the identity requires it), and drops it with the column or the table.
    /// </summary>
    public bool IsRequiredByColumn { get; init; }

    /// <summary>
    /// The forward dropped (or renamed away) an object of this identity that existed before the migration, then created
    /// this one in its place: a change, not an addition, so the rollback need not drop it. A rollback that does drop it
    /// must create the previous one again.
    /// </summary>
    public bool ReplacesExisting => ReplacementStatement is not null;

    /// <summary>The object as its CREATE named it, when a later RENAME of the same file gave it its current name.</summary>
    public SchemaObject? CreatedAs { get; init; }

    /// <summary>The last RENAME that named it, when <see cref="CreatedAs"/> is set.</summary>
    public SqlStatement? RenameStatement { get; init; }

    /// <summary>When <see cref="ReplacesExisting"/>: the statement that put this object in the old one's place (its CREATE, or a RENAME into the name).</summary>
    public SqlStatement? ReplacementStatement { get; init; }
}
