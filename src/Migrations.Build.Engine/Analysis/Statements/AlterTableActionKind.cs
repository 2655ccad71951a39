namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>One comma-separated sub-action of ALTER TABLE.</summary>
internal enum AlterTableActionKind
{
    Other,
    AddColumn,
    DropColumn,
    AlterColumnType,

    /// <summary>ALTER [COLUMN] … SET NOT NULL, which scans the whole table under an exclusive lock.</summary>
    SetNotNull,
    AddConstraint,
    DropConstraint,
    ValidateConstraint,
    EnableRls,
    DisableRls,
    ForceRls,
    RenameTable,
    RenameColumn,
    RenameConstraint,
}
