using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// Reads one comma-separated sub-action of ALTER TABLE (the reader covers just that part): what it does to the table,
/// the word a diagnostic about it points at, and for ADD what the added column or constraint depends on.
/// </summary>
internal static class AlterTableActionReader
{
    public static AlterTableAction Read(StatementReader reader)
    {
        var first = reader.Current;
        var other = new AlterTableAction(AlterTableActionKind.Other, first);
        var word = reader.PeekWord();
        reader.Position++;
        switch (word)
        {
            case "ADD":
                return reader.IsKeyword("CONSTRAINT") || ReadConstraintKind(reader) != ConstraintKind.Other
                    ? ReadAddConstraint(reader, first)
                    : ReadAddColumn(reader, first);

            case "DROP":
                var cascade = reader.EndsWithKeyword("CASCADE");
                if (reader.Accept("CONSTRAINT"))
                {
                    var constraintIfExists = reader.Accept("IF", "EXISTS");
                    return other with
                    {
                        Kind = AlterTableActionKind.DropConstraint,
                        ConstraintName = reader.ReadIdentifier(),
                        IfExists = constraintIfExists,
                        IsCascade = cascade,
                    };
                }

                reader.Accept("COLUMN");
                var columnIfExists = reader.Accept("IF", "EXISTS");
                return other with { Kind = AlterTableActionKind.DropColumn, ColumnName = reader.ReadIdentifier(), IfExists = columnIfExists, IsCascade = cascade };

            case "ALTER":
                if (reader.IsKeyword("CONSTRAINT"))
                {
                    return other;
                }

                reader.Accept("COLUMN");
                var column = reader.ReadIdentifier();
                reader.Accept("SET", "DATA");
                if (reader.TryAccept("TYPE", out var type))
                {
                    var newType = ColumnType.Read(reader);
                    return new AlterTableAction(AlterTableActionKind.AlterColumnType, type)
                    {
                        ColumnName = column,
                        ColumnType = newType,
                        ConvertsValues = !reader.AtEnd,
                    };
                }

                return reader.IsKeywords("SET", "NOT", "NULL")
                    ? new AlterTableAction(AlterTableActionKind.SetNotNull, reader.Current) { ColumnName = column }
                    : other with { ColumnName = column };

            case "ENABLE" when reader.IsKeywords("ROW", "LEVEL", "SECURITY"):
                return other with { Kind = AlterTableActionKind.EnableRls };
            case "DISABLE" when reader.IsKeywords("ROW", "LEVEL", "SECURITY"):
                return other with { Kind = AlterTableActionKind.DisableRls };
            case "FORCE" when reader.IsKeywords("ROW", "LEVEL", "SECURITY"):
                return other with { Kind = AlterTableActionKind.ForceRls };

            case "VALIDATE" when reader.Accept("CONSTRAINT"):
                return other with { Kind = AlterTableActionKind.ValidateConstraint, ConstraintName = reader.ReadIdentifier() };

            case "RENAME":
                if (reader.Accept("TO"))
                {
                    return other with { Kind = AlterTableActionKind.RenameTable, NewName = reader.ReadIdentifier() };
                }

                if (reader.Accept("CONSTRAINT"))
                {
                    var constraint = reader.ReadIdentifier();
                    return reader.Accept("TO")
                        ? other with { Kind = AlterTableActionKind.RenameConstraint, ConstraintName = constraint, NewName = reader.ReadIdentifier() }
                        : other;
                }

                reader.Accept("COLUMN");
                var renamed = reader.ReadIdentifier();
                return reader.Accept("TO")
                    ? other with { Kind = AlterTableActionKind.RenameColumn, ColumnName = renamed, NewName = reader.ReadIdentifier() }
                    : other;

            default:
                return other;
        }
    }

    private static AlterTableAction ReadAddColumn(StatementReader reader, SqlToken add)
    {
        reader.Accept("COLUMN");
        var ifNotExists = reader.Accept("IF", "NOT", "EXISTS");
        SqlToken? nameToken = reader.AtEnd ? null : reader.Current;
        var column = reader.ReadIdentifier();
        IReadOnlyList<NameReference> references = [];
        ColumnType? type = null;
        var createsSequence = false;
        if (column is not null)
        {
            createsSequence = DependencyReader.IsSerialType(reader);
            var definition = reader.Position;
            var found = new List<NameReference>();
            DependencyReader.ReadColumnDefinition(reader, int.MaxValue, found);
            references = found;
            reader.Position = definition;
            type = ColumnType.Read(reader);
            reader.Position = definition;
        }

        bool notNull = false, hasDefault = false;
        SqlToken? notNullToken = null;
        // The data type and column constraints follow; parenthesised parts (CHECK (…), numeric(10, 2)) are skipped whole.
        while (!reader.AtEnd)
        {
            if (reader.IsKeywords("NOT", "NULL") || reader.IsKeywords("PRIMARY", "KEY"))
            {
                notNull = true;
                notNullToken ??= reader.Current;
                reader.Position += 2;
            }
            else if (reader.Accept("DEFAULT"))
            {
                // DEFAULT NULL fills nothing: existing rows would still be null.
                hasDefault |= !reader.IsKeyword("NULL");
            }
            else if (reader.Accept("GENERATED"))
            {
                hasDefault = true;
                createsSequence |= DependencyReader.IsIdentityAfterGenerated(reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new AlterTableAction(AlterTableActionKind.AddColumn, notNullToken ?? add)
        {
            ColumnName = column,
            NameToken = column is null ? null : nameToken,
            IsNotNull = notNull,
            HasDefault = hasDefault,
            CreatesSequence = createsSequence,
            IfExists = ifNotExists,
            References = references,
            ColumnType = type,
        };
    }

    private static AlterTableAction ReadAddConstraint(StatementReader reader, SqlToken add)
    {
        var isNamed = reader.Accept("CONSTRAINT");
        // The definition, from the constraint's name (or kind) on: its REFERENCES and the columns it mentions are read from here.
        var definition = reader.Position;
        string? name = null;
        SqlToken? nameToken = null;
        if (isNamed)
        {
            nameToken = reader.AtEnd ? null : reader.Current;
            name = reader.ReadIdentifier();
        }

        var kindToken = reader.AtEnd ? add : reader.Current;
        var kind = ReadConstraintKind(reader);
        var notValid = false;
        while (!reader.AtEnd)
        {
            if (reader.IsKeywords("NOT", "VALID"))
            {
                notValid = true;
            }

            reader.Skip();
        }

        var references = new List<NameReference>();
        DependencyReader.ReadReferences(reader, definition, int.MaxValue, references);
        return new AlterTableAction(AlterTableActionKind.AddConstraint, kindToken)
        {
            ConstraintName = name,
            NameToken = nameToken,
            ConstraintKind = kind,
            IsNotValid = notValid,
            References = references,
            MentionedColumns = DependencyReader.ReadIdentifiers(reader, definition, int.MaxValue),
        };
    }

    /// <summary>The constraint a table-constraint clause opens with, without moving.</summary>
    private static ConstraintKind ReadConstraintKind(StatementReader reader) => reader.PeekWord() switch
    {
        "CHECK" => ConstraintKind.Check,
        "FOREIGN" when reader.IsKeyword("KEY", 1) => ConstraintKind.ForeignKey,
        "UNIQUE" => ConstraintKind.Unique,
        "PRIMARY" when reader.IsKeyword("KEY", 1) => ConstraintKind.PrimaryKey,
        "EXCLUDE" => ConstraintKind.Exclude,
        _ => ConstraintKind.Other,
    };
}
