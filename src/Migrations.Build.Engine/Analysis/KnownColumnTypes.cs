using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// The column types one migration file shows for tables it did not create: a column it adds, or one whose type it
/// changes, has that type from then on. The lint sees one file, so a column an earlier migration created has no
/// known type here.
/// </summary>
internal sealed class KnownColumnTypes
{
    private readonly List<(QualifiedName Table, string Column, ColumnType? Type)> _columns = [];

    /// <summary>The column's type as this file last set it; null when the file has not.</summary>
    public ColumnType? Find(QualifiedName table, string? column) =>
        column is null ? null : _columns.FindLast(known => known.Column == column && known.Table.DenotesSameObjectAs(table)).Type;

    /// <summary>Notes what <paramref name="action"/> does to a column's type; a drop or rename forgets it.</summary>
    public void Record(QualifiedName table, AlterTableAction action)
    {
        if (action.ColumnName is not { } column)
        {
            return;
        }

        switch (action.Kind)
        {
            case AlterTableActionKind.AddColumn or AlterTableActionKind.AlterColumnType:
                // After a USING conversion the column has the new type all the same; ADD COLUMN IF NOT EXISTS may have
                // found the column already there, with whatever type it had.
                _columns.Add((table, column, action is { Kind: AlterTableActionKind.AddColumn, IfExists: true } ? null : action.ColumnType));
                break;
            case AlterTableActionKind.DropColumn:
                _columns.Add((table, column, null));
                break;
            case AlterTableActionKind.RenameColumn when action.NewName is { } newName:
                var type = Find(table, column);
                _columns.Add((table, column, null));
                _columns.Add((table, newName, type));
                break;
        }
    }
}
