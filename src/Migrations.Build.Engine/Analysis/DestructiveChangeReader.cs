using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Finds, in script order, the statements that can destroy existing data: DROP TABLE, TRUNCATE, ALTER TABLE … DROP
/// COLUMN, and DROP SCHEMA / TYPE / DOMAIN with CASCADE. Without CASCADE a schema or type that still holds or types
/// anything cannot be dropped (the statement fails and its transaction with it), so those drops destroy nothing that
/// is not already counted where the script emptied it first. Views, indexes and sequences hold no data of their own.
/// </summary>
internal static class DestructiveChangeReader
{
    public static IReadOnlyList<DestructiveChange> Read(ClassifiedScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var changes = new List<DestructiveChange>();
        IReadOnlyList<string>? searchPath = null;
        foreach (var statement in script.Statements)
        {
            if (statement.SearchPath is { } path)
            {
                searchPath = path;
            }

            switch (statement.Action, statement.ObjectKind)
            {
                case (StatementAction.Drop, ObjectKind.Table):
                    AddEach(statement, DestructiveChangeKind.DropTable, searchPath, changes);
                    break;
                case (StatementAction.Truncate, _):
                    AddEach(statement, DestructiveChangeKind.Truncate, searchPath, changes);
                    break;
                case (StatementAction.Drop, ObjectKind.Schema) when statement.IsCascade:
                    AddEach(statement, DestructiveChangeKind.DropSchemaCascade, searchPath, changes);
                    break;
                case (StatementAction.Drop, ObjectKind.Type or ObjectKind.Domain) when statement.IsCascade:
                    AddEach(statement, DestructiveChangeKind.DropTypeCascade, searchPath, changes);
                    break;
                case (StatementAction.Alter, ObjectKind.Table) when statement.Name is { } table:
                    foreach (var action in statement.AlterTableActions)
                    {
                        if (action is { Kind: AlterTableActionKind.DropColumn, ColumnName: { } column })
                        {
                            changes.Add(new DestructiveChange(DestructiveChangeKind.DropColumn, table, statement.Statement) { Column = column, SearchPath = searchPath });
                        }
                    }

                    break;
            }
        }

        return changes;
    }

    private static void AddEach(ClassifiedStatement statement, DestructiveChangeKind kind, IReadOnlyList<string>? searchPath, List<DestructiveChange> changes)
    {
        foreach (var named in statement.Objects)
        {
            changes.Add(new DestructiveChange(kind, named.Name, statement.Statement) { IsCascade = statement.IsCascade, SearchPath = searchPath });
        }
    }
}
