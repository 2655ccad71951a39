using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// One sub-action of ALTER TABLE. <see cref="Token"/> is the word a diagnostic about it should point at: the NOT of
/// NOT NULL for a column added NOT NULL, TYPE for a type change, FOREIGN/CHECK/… for a constraint, otherwise the
/// sub-action's first word.
/// </summary>
public sealed record AlterTableAction(AlterTableActionKind Kind, SqlToken Token)
{
    /// <summary>The column added, dropped, altered or renamed.</summary>
    public string? ColumnName { get; init; }

    /// <summary>The constraint's name when one was written (ADD CONSTRAINT name …, DROP/VALIDATE CONSTRAINT name).</summary>
    public string? ConstraintName { get; init; }

    /// <summary>The new name of RENAME … TO.</summary>
    public string? NewName { get; init; }

    /// <summary>ADD COLUMN with NOT NULL (or PRIMARY KEY, which implies it).</summary>
    public bool IsNotNull { get; init; }

    /// <summary>ADD COLUMN with something that fills existing rows: DEFAULT, or GENERATED … AS IDENTITY / AS (…) STORED.</summary>
    public bool HasDefault { get; init; }

    /// <summary>ADD CONSTRAINT … NOT VALID: existing rows are not checked.</summary>
    public bool IsNotValid { get; init; }

    public ConstraintKind ConstraintKind { get; init; }

    public bool IfExists { get; init; }
}
