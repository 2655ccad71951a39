using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Reads which objects each statement of a script creates and drops, in order, on top of
/// <see cref="StatementClassifier"/>: it adds what pairing a forward with its rollback needs and the classifier does
/// not keep (argument lists, CASCADE, the names a definition depends on, where each name is written). Unqualified
/// names are resolved against the search_path the script set, <c>public</c> until it sets one.
/// </summary>
internal static class ObjectChangeReader
{
    public static IReadOnlyList<ObjectChange> Read(SqlScript script)
    {
        var changes = new List<ObjectChange>();
        var currentSchema = QualifiedName.DefaultSchema;
        foreach (var sql in script.Statements)
        {
            var statement = StatementClassifier.Classify(sql);
            if (statement.SearchPath is { } searchPath)
            {
                // The $user schema rarely exists, so names go to the next entry.
                currentSchema = searchPath.FirstOrDefault(schema => schema != "$user") ?? QualifiedName.DefaultSchema;
            }

            var context = new StatementContext(statement, currentSchema, changes);
            switch (statement.Action)
            {
                case StatementAction.Create when !statement.IsTemporary:
                    context.ReadCreate();
                    break;
                case StatementAction.Drop:
                    context.ReadDrop();
                    break;
                case StatementAction.Alter when statement is { ObjectKind: ObjectKind.Table, Name: not null }:
                    context.ReadAlterTable();
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

    /// <summary>One statement being read: its tokens, the schema unqualified names resolve to, and where changes go.</summary>
    private sealed class StatementContext(ClassifiedStatement statement, string currentSchema, List<ObjectChange> changes)
    {
        private readonly StatementReader _reader = new(statement.Statement);
        private readonly string _source = statement.Statement.Script.Text;

        private SqlStatement Sql => statement.Statement;

        public void ReadCreate()
        {
            var kind = statement.ObjectKind;
            if (!IsUndoneByDrop(kind))
            {
                return;
            }

            var token = statement.NameToken ?? Sql.Tokens[0];
            var created = kind switch
            {
                ObjectKind.Schema or ObjectKind.Extension => statement.Name is { } name ? new SchemaObject(kind, null, name.Name) : null,
                ObjectKind.Trigger or ObjectKind.Policy => statement.Name is { } name
                    ? new SchemaObject(kind, null, name.Name) { Parent = statement.Table is { } table ? Relation(table) : null }
                    : null,
                ObjectKind.Index => statement.Table is { } indexed ? Index(statement.Name, Relation(indexed)) : null,
                _ => statement.Name is { } name ? Resolve(kind, name) : null,
            };
            if (created is null)
            {
                return;
            }

            MoveTo(token);
            if (statement.Name is not null)
            {
                _reader.ReadName();
            }

            var references = new List<ObjectReference>();
            var mentioned = new List<string>();
            switch (kind)
            {
                case ObjectKind.Table:
                    ReadTableElements(references);
                    break;
                case ObjectKind.Function or ObjectKind.Procedure:
                    created = created with { Arguments = ReadArguments(kind == ObjectKind.Procedure) ?? string.Empty };
                    break;
                case ObjectKind.View or ObjectKind.MaterializedView:
                    ReadEveryName(DependencyReason.ViewQuery, references);
                    break;
                case ObjectKind.Trigger when SkipToKeywordAtAnyDepth("EXECUTE"):
                    _reader.Position++;
                    if ((_reader.Accept("FUNCTION") || _reader.Accept("PROCEDURE")) && _reader.ReadName() is { } function)
                    {
                        references.Add(Reference(function, DependencyReason.TriggerFunction));
                    }

                    break;
                case ObjectKind.Domain:
                    _reader.Accept("AS");
                    if (_reader.ReadName() is { } baseType)
                    {
                        references.Add(Reference(baseType, DependencyReason.DomainBase));
                    }

                    break;
                case ObjectKind.Index:
                    ReadIdentifiers(_reader.Position, int.MaxValue, mentioned);
                    break;
            }

            changes.Add(new ObjectCreation(created, Sql, token)
            {
                IsOrReplace = statement.IsOrReplace,
                References = references,
                MentionedColumns = mentioned,
            });
        }

        public void ReadDrop()
        {
            var kind = statement.ObjectKind;
            if (!IsUndoneByDrop(kind) || statement.NameToken is not { } first)
            {
                return;
            }

            var cascade = EndsWithCascade(0);
            MoveTo(first);
            while (_reader.ReadName(out var token) is { } name)
            {
                SchemaObject target = kind switch
                {
                    ObjectKind.Schema or ObjectKind.Extension => new SchemaObject(kind, null, name.Name),
                    ObjectKind.Trigger or ObjectKind.Policy =>
                        new SchemaObject(kind, null, name.Name) { Parent = statement.Table is { } table ? Relation(table) : null },
                    _ => Resolve(kind, name),
                };
                if (kind is ObjectKind.Function or ObjectKind.Procedure)
                {
                    target = target with { Arguments = ReadArguments(kind == ObjectKind.Procedure) };
                }

                changes.Add(new ObjectRemoval(target, Sql, token) { IsCascade = cascade, IfExists = statement.IfExists });
                if (!_reader.IsKind(SqlTokenKind.Comma))
                {
                    break;
                }

                _reader.Position++;
            }
        }

        public void ReadAlterTable()
        {
            var table = Relation(statement.Name!);
            MoveTo(statement.NameToken!.Value);
            _reader.ReadName();
            if (_reader.IsKind(SqlTokenKind.Operator))
            {
                _reader.Position++; // the * of "name *"
            }

            var parts = new List<(int Start, int End)>();
            var start = _reader.Position;
            while (!_reader.AtEnd)
            {
                if (_reader.IsKind(SqlTokenKind.Comma))
                {
                    parts.Add((start, _reader.Position));
                    start = _reader.Position + 1;
                }

                _reader.Skip();
            }

            parts.Add((start, _reader.Position));
            foreach (var action in statement.AlterTableActions)
            {
                var part = parts.LastOrDefault(candidate => IndexOf(action.Token) is var at && at >= candidate.Start && at < candidate.End);
                ReadAlterTableAction(table, action, part.Start, part.End);
            }
        }

        private void ReadAlterTableAction(SchemaObject table, AlterTableAction action, int start, int end)
        {
            switch (action.Kind)
            {
                case AlterTableActionKind.AddColumn when action.ColumnName is { } column:
                    {
                        _reader.Position = start;
                        _reader.Accept("ADD");
                        _reader.Accept("COLUMN");
                        _reader.Accept("IF", "NOT", "EXISTS");
                        var token = _reader.Current;
                        _reader.ReadIdentifier();
                        var references = new List<ObjectReference>();
                        ReadColumnDefinition(end, references);
                        var added = new SchemaObject(ObjectKind.Column, null, column) { Parent = table };
                        changes.Add(new ObjectCreation(added, Sql, token) { References = references });
                        break;
                    }

                case AlterTableActionKind.AddConstraint:
                    {
                        _reader.Position = start;
                        _reader.Accept("ADD");
                        var token = action.Token;
                        if (_reader.Accept("CONSTRAINT") && !_reader.AtEnd)
                        {
                            token = _reader.Current;
                        }

                        var definition = _reader.Position;
                        var references = new List<ObjectReference>();
                        ReadReferences(definition, end, references);
                        var mentioned = new List<string>();
                        ReadIdentifiers(definition, end, mentioned);
                        var constraint = new SchemaObject(ObjectKind.Constraint, null, action.ConstraintName)
                        {
                            Parent = table,
                            GeneratedNameSuffix = action.ConstraintName is null ? GeneratedConstraintSuffix(action.ConstraintKind) : null,
                        };
                        changes.Add(new ObjectCreation(constraint, Sql, token) { References = references, MentionedColumns = mentioned });
                        break;
                    }

                case AlterTableActionKind.EnableRls:
                    changes.Add(new ObjectCreation(new SchemaObject(ObjectKind.RowLevelSecurity, null, null) { Parent = table }, Sql, action.Token));
                    break;

                case AlterTableActionKind.DropColumn when action.ColumnName is { } column:
                    changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.Column, null, column) { Parent = table }, Sql, action.Token)
                    {
                        IsCascade = EndsWithCascade(start, end),
                        IfExists = action.IfExists || statement.IfExists,
                    });
                    break;

                case AlterTableActionKind.DropConstraint when action.ConstraintName is { } constraint:
                    changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.Constraint, null, constraint) { Parent = table }, Sql, action.Token)
                    {
                        IsCascade = EndsWithCascade(start, end),
                        IfExists = action.IfExists || statement.IfExists,
                    });
                    break;

                case AlterTableActionKind.DisableRls:
                    changes.Add(new ObjectRemoval(new SchemaObject(ObjectKind.RowLevelSecurity, null, null) { Parent = table }, Sql, action.Token)
                    {
                        IfExists = statement.IfExists,
                    });
                    break;
            }
        }

        private static string? GeneratedConstraintSuffix(ConstraintKind kind) => kind switch
        {
            ConstraintKind.Check => "_check",
            ConstraintKind.ForeignKey => "_fkey",
            ConstraintKind.Unique => "_key",
            ConstraintKind.PrimaryKey => "_pkey",
            ConstraintKind.Exclude => "_excl",
            _ => null,
        };

        /// <summary>
        /// The parent of PARTITION OF, then the column list of CREATE TABLE: each column's type and REFERENCES clauses,
        /// and the table constraints' REFERENCES. CREATE TABLE … AS has no list and depends on nothing here.
        /// </summary>
        private void ReadTableElements(List<ObjectReference> references)
        {
            if (_reader.Accept("PARTITION", "OF") && _reader.ReadName() is { } parent)
            {
                references.Add(Reference(parent, DependencyReason.PartitionOf));
            }

            if (!_reader.IsKind(SqlTokenKind.OpenParenthesis))
            {
                return;
            }

            var open = _reader.Position;
            _reader.Skip();
            var close = _reader.Position - 1;
            _reader.Position = open + 1;
            while (_reader.Position < close)
            {
                var elementStart = _reader.Position;
                while (_reader.Position < close && !_reader.IsKind(SqlTokenKind.Comma))
                {
                    _reader.Skip();
                }

                var elementEnd = _reader.Position;
                _reader.Position = elementStart;
                if (_reader.PeekWord() is "CONSTRAINT" or "PRIMARY" or "UNIQUE" or "CHECK" or "FOREIGN" or "EXCLUDE" or "LIKE")
                {
                    ReadReferences(elementStart, elementEnd, references);
                }
                else
                {
                    _reader.ReadIdentifier();
                    ReadColumnDefinition(elementEnd, references);
                }

                _reader.Position = elementEnd + 1;
            }
        }

        /// <summary>A column's type, then its constraints; the reader stands on the type.</summary>
        private void ReadColumnDefinition(int end, List<ObjectReference> references)
        {
            if (_reader.Position < end && _reader.ReadName() is { } type)
            {
                references.Add(Reference(type, DependencyReason.ColumnType));
            }

            ReadReferences(_reader.Position, end, references);
        }

        private void ReadReferences(int start, int end, List<ObjectReference> references)
        {
            for (_reader.Position = start; _reader.Position < end && !_reader.AtEnd; _reader.Position++)
            {
                if (_reader.IsKeyword("REFERENCES") && _reader.IsNameToken(1))
                {
                    _reader.Position++;
                    references.Add(Reference(_reader.ReadName()!, DependencyReason.ForeignKey));
                    _reader.Position--;
                }
            }
        }

        /// <summary>Every name in the rest of the statement: a view's sources, heuristically (aliases and columns resolve to nothing).</summary>
        private void ReadEveryName(DependencyReason reason, List<ObjectReference> references)
        {
            while (!_reader.AtEnd)
            {
                if (_reader.ReadName() is { } name)
                {
                    references.Add(Reference(name, reason));
                }
                else
                {
                    _reader.Position++;
                }
            }
        }

        private void ReadIdentifiers(int start, int end, List<string> identifiers)
        {
            for (_reader.Position = start; _reader.Position < end && !_reader.AtEnd;)
            {
                if (_reader.ReadIdentifier() is not { } identifier)
                {
                    _reader.Position++;
                }
                else
                {
                    identifiers.Add(identifier);
                }
            }
        }

        /// <summary>The normalised argument list when the reader stands on one, else null (a DROP that leaves it out).</summary>
        private string? ReadArguments(bool isProcedure)
        {
            if (!_reader.IsKind(SqlTokenKind.OpenParenthesis))
            {
                return null;
            }

            var open = _reader.Position;
            _reader.Skip();
            var close = _reader.Position - 1;
            var inside = new List<SqlToken>();
            for (var i = open + 1; i < close; i++)
            {
                _reader.Position = i;
                inside.Add(_reader.Current);
            }

            _reader.Position = close + 1;
            return RoutineArguments.Normalize(_source, inside, isProcedure);
        }

        private bool SkipToKeywordAtAnyDepth(string keyword)
        {
            while (!_reader.AtEnd && !_reader.IsKeyword(keyword))
            {
                _reader.Position++;
            }

            return !_reader.AtEnd;
        }

        /// <summary>True when the statement (or the token range) ends in CASCADE.</summary>
        private bool EndsWithCascade(int start, int end = int.MaxValue)
        {
            var position = _reader.Position;
            var cascade = false;
            for (_reader.Position = start; _reader.Position < end && !_reader.AtEnd; _reader.Position++)
            {
                cascade = _reader.IsKeyword("CASCADE");
            }

            _reader.Position = position;
            return cascade;
        }

        private void MoveTo(SqlToken token) => _reader.Position = IndexOf(token);

        private int IndexOf(SqlToken token)
        {
            var position = _reader.Position;
            for (_reader.Position = 0; !_reader.AtEnd; _reader.Position++)
            {
                if (_reader.Current.Start == token.Start)
                {
                    var found = _reader.Position;
                    _reader.Position = position;
                    return found;
                }
            }

            _reader.Position = position;
            return int.MaxValue;
        }

        private SchemaObject Resolve(ObjectKind kind, QualifiedName name) =>
            new(kind, name.Schema ?? currentSchema, name.Name) { IsSchemaWritten = name.IsQualified };

        private SchemaObject Relation(QualifiedName name) => Resolve(ObjectKind.Table, name);

        /// <summary>An index lives in its table's schema; CREATE INDEX cannot name another.</summary>
        private static SchemaObject Index(QualifiedName? name, SchemaObject table) =>
            new(ObjectKind.Index, table.Schema, name?.Name)
            {
                Parent = table,
                IsSchemaWritten = table.IsSchemaWritten,
                GeneratedNameSuffix = name is null ? "_idx" : null,
            };

        private ObjectReference Reference(QualifiedName name, DependencyReason reason) => new(name.Schema ?? currentSchema, name.Name, reason);
    }
}
