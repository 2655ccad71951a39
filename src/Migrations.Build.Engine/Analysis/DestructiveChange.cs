using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// One object a statement would destroy data of, named as written. Which object that is depends on the database:
/// an unqualified name is looked up along <see cref="SearchPath"/> (the path the script set), or along the session's
/// own search_path when the script set none, as PostgreSQL itself would when the statement runs.
/// </summary>
/// <param name="Name">The table, schema or type as written (the table for <see cref="DestructiveChangeKind.DropColumn"/>).</param>
internal sealed record DestructiveChange(DestructiveChangeKind Kind, QualifiedName Name, SqlStatement Statement)
{
    /// <summary>The column ALTER TABLE … DROP COLUMN removes.</summary>
    public string? Column { get; init; }

    /// <summary>TRUNCATE … CASCADE, which also empties the tables referencing this one.</summary>
    public bool IsCascade { get; init; }

    /// <summary>The schemas SET search_path named earlier in the script, or null for the session's search_path.</summary>
    public IReadOnlyList<string>? SearchPath { get; init; }
}
