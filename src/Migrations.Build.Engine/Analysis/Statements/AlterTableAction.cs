using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// One sub-action of ALTER TABLE. <see cref="Token"/> is the word a diagnostic about it should point at: the NOT of
/// NOT NULL for a column added NOT NULL, TYPE for a type change, FOREIGN/CHECK/… for a constraint, otherwise the
/// sub-action's first word.
/// </summary>
internal sealed record AlterTableAction(AlterTableActionKind Kind, SqlToken Token)
{
    /// <summary>The column added, dropped, altered or renamed.</summary>
    public string? ColumnName { get; init; }

    /// <summary>The constraint's name when one was written (ADD CONSTRAINT name …, DROP/VALIDATE CONSTRAINT name).</summary>
    public string? ConstraintName { get; init; }

    /// <summary>
    /// Where the name of what ADD adds is written: the column's name, or the word after ADD CONSTRAINT; null for a
    /// constraint added without a name.
    /// </summary>
    public SqlToken? NameToken { get; init; }

    /// <summary>The new name of RENAME [COLUMN | CONSTRAINT] … TO.</summary>
    public string? NewName { get; init; }

    /// <summary>
    /// The type ADD COLUMN gives the column, or the one ALTER … TYPE changes it to; null when the statement left it out.
    /// </summary>
    public ColumnType? ColumnType { get; init; }

    /// <summary>ALTER … TYPE with USING or COLLATE: the values are computed afresh, or compared differently.</summary>
    public bool ConvertsValues { get; init; }

    /// <summary>ADD COLUMN with NOT NULL (or PRIMARY KEY, which implies it).</summary>
    public bool IsNotNull { get; init; }

    /// <summary>ADD COLUMN with something that fills existing rows: DEFAULT, or GENERATED … AS IDENTITY / AS (…) STORED.</summary>
    public bool HasDefault { get; init; }

    /// <summary>
    /// ADD COLUMN of a serial type or GENERATED … AS IDENTITY: PostgreSQL creates a sequence owned by the column.
    /// </summary>
    public bool CreatesSequence { get; init; }

    /// <summary>ADD CONSTRAINT … NOT VALID: existing rows are not checked.</summary>
    public bool IsNotValid { get; init; }

    public ConstraintKind ConstraintKind { get; init; }

    public bool IfExists { get; init; }

    /// <summary>DROP COLUMN/CONSTRAINT … CASCADE.</summary>
    public bool IsCascade { get; init; }

    /// <summary>What an added column or constraint depends on: the column's type, the tables its REFERENCES name.</summary>
    public IReadOnlyList<NameReference> References { get; init; } = [];

    /// <summary>
    /// For ADD CONSTRAINT, every identifier of its definition (its name included): a superset of the columns it
    /// constrains, so dropping one of those columns can be seen to remove the constraint.
    /// </summary>
    public IReadOnlyList<string> MentionedColumns { get; init; } = [];
}
