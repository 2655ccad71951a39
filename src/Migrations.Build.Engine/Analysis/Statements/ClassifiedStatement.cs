using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// What one statement does, as far as its opening words and ALTER TABLE clauses tell. Built by
/// <see cref="StatementClassifier"/>; a statement it does not understand is <see cref="StatementAction.Other"/>.
/// </summary>
public sealed record ClassifiedStatement(SqlStatement Statement, StatementAction Action, ObjectKind ObjectKind)
{
    /// <summary>The object acted on: the table, index, function… (for DROP of several objects, the first).</summary>
    public QualifiedName? Name { get; init; }

    /// <summary>Every object a DROP names (<c>DROP TABLE a, b</c>); otherwise just <see cref="Name"/>, if any.</summary>
    public IReadOnlyList<QualifiedName> Names { get; init; } = [];

    /// <summary>The table an index, trigger or policy is ON, and the table of ALTER/DROP TRIGGER/POLICY.</summary>
    public QualifiedName? Table { get; init; }

    /// <summary>The word a diagnostic about the object should point at: its name, or the statement's start.</summary>
    public SqlToken? NameToken { get; init; }

    public bool IsConcurrently { get; init; }

    /// <summary>The CONCURRENTLY keyword, when <see cref="IsConcurrently"/>.</summary>
    public SqlToken? ConcurrentlyToken { get; init; }

    public bool IfExists { get; init; }

    public bool IfNotExists { get; init; }

    public bool IsOrReplace { get; init; }

    /// <summary>CREATE UNIQUE INDEX.</summary>
    public bool IsUnique { get; init; }

    /// <summary>CREATE TEMP/TEMPORARY table, view or sequence: gone at the end of the session.</summary>
    public bool IsTemporary { get; init; }

    public bool IsUnlogged { get; init; }

    /// <summary>COPY … TO: reads rows out of the table and changes nothing.</summary>
    public bool IsCopyTo { get; init; }

    /// <summary>
    /// The schemas SET search_path lists, in order (<c>$user</c> spelled as such); an empty list for an empty path,
    /// null for every other statement.
    /// </summary>
    public IReadOnlyList<string>? SearchPath { get; init; }

    /// <summary>The sub-actions of ALTER TABLE, in order; empty for every other statement.</summary>
    public IReadOnlyList<AlterTableAction> AlterTableActions { get; init; } = [];

    /// <summary>CREATE, ALTER and DROP: statements that change the schema rather than the data.</summary>
    public bool IsSchemaChange => Action is StatementAction.Create or StatementAction.Alter or StatementAction.Drop;

    /// <summary>INSERT, UPDATE, DELETE, MERGE, COPY … FROM and TRUNCATE: statements that change rows.</summary>
    public bool IsDataChange => Action is StatementAction.Insert or StatementAction.Update or StatementAction.Delete
        or StatementAction.Merge or StatementAction.Truncate
        || (Action == StatementAction.Copy && !IsCopyTo);
}
