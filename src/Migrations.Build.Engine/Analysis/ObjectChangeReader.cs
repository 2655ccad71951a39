using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Lists which objects each statement of a script creates and drops, in order, for pairing a forward with its rollback.
/// Everything about one statement comes from its classification (<see cref="StatementClassifier"/>, the same one the
/// safety lint reads); what this adds is the script's context: unqualified names resolve against the search_path the
/// script set, <c>public</c> until it sets one.
/// </summary>
internal static class ObjectChangeReader
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: the longest identifier, in bytes.</summary>
    private const int MaxIdentifierBytes = 63;

    public static IReadOnlyList<ObjectChange> Read(IReadOnlyList<ClassifiedStatement> statements)
    {
        var changes = new List<ObjectChange>();
        var names = NameResolver.Default;
        foreach (var statement in statements)
        {
            if (statement.SearchPath is { } searchPath)
            {
                names = NameResolver.ForSearchPath(searchPath);
            }

            switch (statement.Action)
            {
                case StatementAction.Create when !statement.IsTemporary && IsUndoneByDrop(statement.ObjectKind):
                    AddCreation(statement, names, changes);
                    break;
                case StatementAction.Drop when IsUndoneByDrop(statement.ObjectKind):
                    AddRemovals(statement, names, changes);
                    break;
                case StatementAction.Alter when statement is { ObjectKind: ObjectKind.Table, Name: { } altered }:
                    var table = names.Relation(altered);
                    foreach (var action in statement.AlterTableActions)
                    {
                        AddTableChange(statement, table, action, names, changes);
                    }

                    break;
                case StatementAction.Alter when statement is { RenamedTo: { } newName, Objects: [var renamed] }:
                    changes.Add(new ObjectRename(Identify(statement.ObjectKind, renamed, statement.Table, names), statement.Statement, renamed.Token, newName)
                    {
                        IfExists = statement.IfExists,
                    });
                    break;
                case StatementAction.Alter when statement is { ObjectKind: ObjectKind.Sequence, SequenceOwner: { } owner, Objects: [var sequence] }:
                    ChangeSequenceOwner(names.Resolve(ObjectKind.Sequence, sequence.Name), owner, names, changes);
                    break;
            }
        }

        return changes;
    }

    /// <summary>
    /// The kinds a forward creates with CREATE and a rollback removes with DROP. Columns, constraints and row level
    /// security come and go through ALTER TABLE; publications and databases are not tracked.
    /// </summary>
    private static bool IsUndoneByDrop(ObjectKind kind) => kind is ObjectKind.Schema or ObjectKind.Extension or ObjectKind.Table
        or ObjectKind.Index or ObjectKind.View or ObjectKind.MaterializedView or ObjectKind.Function or ObjectKind.Procedure
        or ObjectKind.Trigger or ObjectKind.Type or ObjectKind.Domain or ObjectKind.Sequence or ObjectKind.Policy;

    private static void AddCreation(ClassifiedStatement statement, NameResolver names, List<ObjectChange> changes)
    {
        var kind = statement.ObjectKind;
        var created = kind == ObjectKind.Index
            ? statement.Table is { } indexed ? Index(statement.Name, names.Relation(indexed)) : null
            : statement.Objects.Count > 0 ? Identify(kind, statement.Objects[0], statement.Table, names) : null;
        if (created is null)
        {
            return;
        }

        if (kind is ObjectKind.Function or ObjectKind.Procedure)
        {
            // CREATE always writes the list, even an empty one; without it the statement does not say which overload.
            created = created with { Arguments = created.Arguments ?? string.Empty };
        }

        var token = statement.NameToken ?? statement.Statement.Tokens[0];
        if (kind == ObjectKind.Sequence && statement.SequenceOwner is { Parts.Count: > 1 } owner)
        {
            changes.Add(OwnedSequence(created, owner, names, statement.Statement, token));
            return;
        }

        changes.Add(new ObjectCreation(created, statement.Statement, token)
        {
            IsOrReplace = statement.IsOrReplace,
            References = names.Resolve(statement.References),
            MentionedColumns = statement.MentionedColumns,
        });
        foreach (var column in statement.SequenceColumns)
        {
            AddColumnSequence(created, column, statement.Statement, token, changes);
        }
    }

    /// <summary>
    /// The sequence PostgreSQL creates for a serial or identity column, named <c>table_column_seq</c> (a longer name is
    /// truncated, and a taken one numbered, in ways not worth following: then the sequence is left out). It belongs to
    /// the column, so it goes with the column or its table; dropping it alone fails while the column is there.
    /// </summary>
    private static void AddColumnSequence(SchemaObject table, string column, SqlStatement statement, SqlToken token, List<ObjectChange> changes)
    {
        var name = $"{table.Name}_{column}_seq";
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            return;
        }

        changes.Add(new ObjectCreation(new SchemaObject(ObjectKind.Sequence, table.Schema, name) { Parent = table, IsSchemaWritten = table.IsSchemaWritten }, statement, token)
        {
            MentionedColumns = [column],
            IsRequiredByColumn = true,
        });
    }

    /// <summary>A sequence OWNED BY table.column: it belongs to that column, and so goes with the column or its table.</summary>
    private static ObjectCreation OwnedSequence(SchemaObject sequence, QualifiedName owner, NameResolver names, SqlStatement statement, SqlToken token) =>
        new(sequence with { Parent = names.Relation(new QualifiedName(owner.Parts.Take(owner.Parts.Count - 1).ToArray())) }, statement, token)
        {
            MentionedColumns = [owner.Name],
        };

    /// <summary>
    /// ALTER SEQUENCE … OWNED BY of a sequence this script created: it now belongs to that column (OWNED BY NONE: to none).
    /// The ownership of a sequence created elsewhere changes nothing the rollback must undo here.
    /// </summary>
    private static void ChangeSequenceOwner(SchemaObject sequence, QualifiedName owner, NameResolver names, List<ObjectChange> changes)
    {
        var index = changes.FindLastIndex(change => change is ObjectCreation { Object.Kind: ObjectKind.Sequence } created && created.Object.IsNamedBy(sequence));
        if (index < 0)
        {
            return;
        }

        var creation = (ObjectCreation)changes[index];
        changes[index] = owner.Parts.Count > 1
            ? OwnedSequence(creation.Object with { Parent = null }, owner, names, creation.Statement, creation.Token)
            : creation with { Object = creation.Object with { Parent = null }, MentionedColumns = [], IsRequiredByColumn = false };
    }

    private static void AddRemovals(ClassifiedStatement statement, NameResolver names, List<ObjectChange> changes)
    {
        foreach (var dropped in statement.Objects)
        {
            changes.Add(new ObjectRemoval(Identify(statement.ObjectKind, dropped, statement.Table, names), statement.Statement, dropped.Token)
            {
                IsCascade = statement.IsCascade,
                IfExists = statement.IfExists,
            });
        }
    }

    /// <summary>What one ALTER TABLE sub-action adds to or removes from <paramref name="table"/>, if anything the rollback must undo.</summary>
    private static void AddTableChange(ClassifiedStatement statement, SchemaObject table, AlterTableAction action, NameResolver names, List<ObjectChange> changes)
    {
        var sql = statement.Statement;
        switch (action.Kind)
        {
            case AlterTableActionKind.AddColumn when action.ColumnName is { } column:
                changes.Add(new ObjectCreation(new SchemaObject(ObjectKind.Column, null, column) { Parent = table }, sql, action.NameToken ?? action.Token)
                {
                    References = names.Resolve(action.References),
                });
                if (action.CreatesSequence)
                {
                    AddColumnSequence(table, column, sql, action.NameToken ?? action.Token, changes);
                }

                break;

            case AlterTableActionKind.RenameTable when action.NewName is { } newName:
                changes.Add(new ObjectRename(table, sql, statement.NameToken ?? action.Token, newName) { IfExists = statement.IfExists });
                break;

            case AlterTableActionKind.RenameColumn when action is { ColumnName: { } column, NewName: { } newName }:
                changes.Add(new ObjectRename(new SchemaObject(ObjectKind.Column, null, column) { Parent = table }, sql, action.Token, newName) { IfExists = statement.IfExists });
                break;

            case AlterTableActionKind.RenameConstraint when action is { ConstraintName: { } renamedConstraint, NewName: { } newName }:
                changes.Add(new ObjectRename(new SchemaObject(ObjectKind.Constraint, null, renamedConstraint) { Parent = table }, sql, action.Token, newName) { IfExists = statement.IfExists });
                break;

            case AlterTableActionKind.AddConstraint:
                var constraint = new SchemaObject(ObjectKind.Constraint, null, action.ConstraintName)
                {
                    Parent = table,
                    GeneratedNameSuffix = action.ConstraintName is null ? GeneratedConstraintSuffix(action.ConstraintKind) : null,
                };
                changes.Add(new ObjectCreation(constraint, sql, action.NameToken ?? action.Token)
                {
                    References = names.Resolve(action.References),
                    MentionedColumns = action.MentionedColumns,
                });
                break;

            case AlterTableActionKind.EnableRls:
                changes.Add(new ObjectCreation(new SchemaObject(ObjectKind.RowLevelSecurity, null, null) { Parent = table }, sql, action.Token));
                break;

            case AlterTableActionKind.DropColumn when action.ColumnName is { } column:
                changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.Column, null, column) { Parent = table }, sql, action.Token)
                {
                    IsCascade = action.IsCascade,
                    IfExists = action.IfExists || statement.IfExists,
                });
                break;

            case AlterTableActionKind.DropConstraint when action.ConstraintName is { } name:
                changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.Constraint, null, name) { Parent = table }, sql, action.Token)
                {
                    IsCascade = action.IsCascade,
                    IfExists = action.IfExists || statement.IfExists,
                });
                break;

            case AlterTableActionKind.DisableRls:
                changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.RowLevelSecurity, null, null) { Parent = table }, sql, action.Token)
                {
                    IfExists = statement.IfExists,
                });
                break;
        }
    }

    /// <summary>
    /// The object a CREATE or DROP names, identified the way PostgreSQL does: schemas and extensions by name alone,
    /// triggers and policies by name within their table, functions and procedures also by their argument types.
    /// </summary>
    private static SchemaObject Identify(ObjectKind kind, NamedObject named, QualifiedName? table, NameResolver names) => kind switch
    {
        ObjectKind.Schema or ObjectKind.Extension => new SchemaObject(kind, null, named.Name.Name),
        ObjectKind.Trigger or ObjectKind.Policy => new SchemaObject(kind, null, named.Name.Name) { Parent = table is null ? null : names.Relation(table) },
        _ when named.Arguments is not null => names.Resolve(kind, named.Name) with { Arguments = named.Arguments },
        _ => names.Resolve(kind, named.Name),
    };

    /// <summary>An index lives in its table's schema; CREATE INDEX cannot name another.</summary>
    private static SchemaObject Index(QualifiedName? name, SchemaObject table) =>
        new(ObjectKind.Index, table.Schema, name?.Name)
        {
            Parent = table,
            IsSchemaWritten = table.IsSchemaWritten,
            GeneratedNameSuffix = name is null ? "_idx" : null,
        };

    private static string? GeneratedConstraintSuffix(ConstraintKind kind) => kind switch
    {
        ConstraintKind.Check => "_check",
        ConstraintKind.ForeignKey => "_fkey",
        ConstraintKind.Unique => "_key",
        ConstraintKind.PrimaryKey => "_pkey",
        ConstraintKind.Exclude => "_excl",
        _ => null,
    };
}
