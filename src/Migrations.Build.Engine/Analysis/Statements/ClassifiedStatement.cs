using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// What one statement does, as far as its words tell: the action, the objects it names, and for a definition what it
/// depends on. Built once per statement by <see cref="StatementClassifier"/> and read by both the safety lint and the
/// rollback analysis; a statement it does not understand is <see cref="StatementAction.Other"/>.
/// </summary>
internal sealed record ClassifiedStatement(SqlStatement Statement, StatementAction Action, ObjectKind ObjectKind)
{
    /// <summary>
    /// Every object the statement names, in order: the one it creates, alters, comments on or changes rows of, every
    /// one a DROP, GRANT or TRUNCATE lists (<c>DROP TABLE a, b</c>). Empty when it names none (<c>CREATE INDEX ON t</c>).
    /// </summary>
    public IReadOnlyList<NamedObject> Objects { get; init; } = [];

    /// <summary>The object acted on: the table, index, function… (for DROP of several objects, the first).</summary>
    public QualifiedName? Name => Objects.Count > 0 ? Objects[0].Name : null;

    /// <summary>The names of <see cref="Objects"/>.</summary>
    public IReadOnlyList<QualifiedName> Names => Objects.Count == 0 ? [] : Objects.Select(named => named.Name).ToArray();

    /// <summary>The table an index, trigger or policy is ON, and the table of ALTER/DROP TRIGGER/POLICY.</summary>
    public QualifiedName? Table { get; init; }

    /// <summary>The word a diagnostic about the object should point at: the first word of its name, when it has one.</summary>
    public SqlToken? NameToken => Objects.Count > 0 ? Objects[0].Token : null;

    public bool IsConcurrently { get; init; }

    /// <summary>The CONCURRENTLY keyword, when <see cref="IsConcurrently"/>.</summary>
    public SqlToken? ConcurrentlyToken { get; init; }

    public bool IfExists { get; init; }

    public bool IfNotExists { get; init; }

    public bool IsOrReplace { get; init; }

    /// <summary>
    /// DROP … CASCADE: objects that depend on the dropped ones go with them instead of making the drop fail. TRUNCATE …
    /// CASCADE: tables whose foreign keys point at the named ones are emptied too.
    /// </summary>
    public bool IsCascade { get; init; }

    /// <summary>CREATE UNIQUE INDEX.</summary>
    public bool IsUnique { get; init; }

    /// <summary>CREATE TEMP/TEMPORARY table, view or sequence: gone at the end of the session.</summary>
    public bool IsTemporary { get; init; }

    public bool IsUnlogged { get; init; }

    /// <summary>
    /// ALTER TYPE … ADD VALUE: PostgreSQL refuses to let the transaction that added an enum label use it (SQLSTATE
    /// 55P04, "unsafe use of new value"), so whatever uses the label must run after a commit.
    /// </summary>
    public bool AddsEnumValue { get; init; }

    /// <summary>COPY … TO: reads rows out of the table and changes nothing.</summary>
    public bool IsCopyTo { get; init; }

    /// <summary>
    /// The schemas SET search_path lists, in order (<c>$user</c> spelled as such); an empty list for an empty path,
    /// null for every other statement.
    /// </summary>
    public IReadOnlyList<string>? SearchPath { get; init; }

    /// <summary>
    /// The new name of ALTER INDEX/VIEW/MATERIALIZED VIEW/SEQUENCE/TYPE/DOMAIN/TRIGGER/POLICY … RENAME TO, which keeps
    /// the object in its schema (or on its table); ALTER TABLE … RENAME TO is one of <see cref="AlterTableActions"/>.
    /// </summary>
    public string? RenamedTo { get; init; }

    /// <summary>
    /// The column of CREATE/ALTER SEQUENCE … OWNED BY table.column, as written; a one-part name for OWNED BY NONE. The
    /// sequence goes away with that column (and its table).
    /// </summary>
    public QualifiedName? SequenceOwner { get; init; }

    /// <summary>
    /// The columns of CREATE TABLE declared serial (smallserial, bigserial) or GENERATED … AS IDENTITY: PostgreSQL
    /// creates a sequence for each, owned by the column.
    /// </summary>
    public IReadOnlyList<string> SequenceColumns { get; init; } = [];

    /// <summary>The sub-actions of ALTER TABLE, in order; empty for every other statement.</summary>
    public IReadOnlyList<AlterTableAction> AlterTableActions { get; init; } = [];

    /// <summary>
    /// What the object a CREATE defines depends on, by name: a table's column types, foreign keys and partition parent,
    /// every name in a view's query (heuristically: aliases and columns too), a trigger's function, a domain's base type.
    /// </summary>
    public IReadOnlyList<NameReference> References { get; init; } = [];

    /// <summary>
    /// For CREATE INDEX, every identifier after the index's name (the whole statement's when it is unnamed): a superset
    /// of the columns it indexes, so dropping one of those columns can be seen to remove the index.
    /// </summary>
    public IReadOnlyList<string> MentionedColumns { get; init; } = [];

    /// <summary>CREATE, ALTER and DROP: statements that change the schema rather than the data.</summary>
    public bool IsSchemaChange => Action is StatementAction.Create or StatementAction.Alter or StatementAction.Drop;

    /// <summary>INSERT, UPDATE, DELETE, MERGE, COPY … FROM and TRUNCATE: statements that change rows.</summary>
    public bool IsDataChange => Action is StatementAction.Insert or StatementAction.Update or StatementAction.Delete
        or StatementAction.Merge or StatementAction.Truncate
        || (Action == StatementAction.Copy && !IsCopyTo);
}
