using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>A DROP (or ALTER TABLE … DROP / DISABLE ROW LEVEL SECURITY) of one object; <see cref="ObjectChange.Object"/> is the target as written.</summary>
internal sealed record ObjectRemoval(SchemaObject Object, SqlStatement Statement, SqlToken Token) : ObjectChange(Object, Statement, Token)
{
    /// <summary>CASCADE: objects that depend on the target are dropped with it instead of making the drop fail.</summary>
    public bool IsCascade { get; init; }

    public bool IfExists { get; init; }

    /// <summary>
    /// The earlier rename that took this name (or its table's) away, so the drop names nothing: set by
    /// <see cref="RollbackNames"/> when a rollback drops an object by a name it renamed away.
    /// </summary>
    public ObjectRename? RenamedAwayBy { get; init; }
}
