using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// Reads what a statement does from its words, following the grammar in PostgreSQL's reference pages (CREATE TABLE,
/// CREATE INDEX, ALTER TABLE …) only as far as the safety rules need. It is not a parser: anything it does not
/// recognise is <see cref="StatementAction.Other"/> / <see cref="ObjectKind.Other"/>, never an error, because the
/// database is the authority on what is valid.
/// </summary>
internal static class StatementClassifier
{
    public static ClassifiedStatement Classify(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return Classify(statement, new StatementReader(statement));
    }

    private static ClassifiedStatement Classify(SqlStatement statement, StatementReader reader)
    {
        var other = new ClassifiedStatement(statement, StatementAction.Other, ObjectKind.Other);
        var word = reader.PeekWord();
        if (word is null)
        {
            return other;
        }

        reader.Position++;
        return word switch
        {
            "CREATE" => ClassifyCreate(statement, reader),
            "ALTER" => ClassifyAlter(statement, reader),
            "DROP" => ClassifyDrop(statement, reader),
            "COMMENT" => ClassifyComment(statement, reader),
            "GRANT" => ClassifyPrivileges(statement, reader, StatementAction.Grant),
            "REVOKE" => ClassifyPrivileges(statement, reader, StatementAction.Revoke),
            "INSERT" => ClassifyDataChange(statement, reader, StatementAction.Insert, "INTO"),
            "MERGE" => ClassifyDataChange(statement, reader, StatementAction.Merge, "INTO"),
            "DELETE" => ClassifyDataChange(statement, reader, StatementAction.Delete, "FROM"),
            "UPDATE" => ClassifyDataChange(statement, reader, StatementAction.Update, null),
            "COPY" => ClassifyDataChange(statement, reader, StatementAction.Copy, null),
            "TRUNCATE" => ClassifyTruncate(statement, reader),
            "WITH" => ClassifyWith(statement, reader) ?? other,
            "BEGIN" or "START" or "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "SAVEPOINT" or "RELEASE" =>
                other with { Action = StatementAction.TransactionControl },
            "PREPARE" when reader.IsKeyword("TRANSACTION") => other with { Action = StatementAction.TransactionControl },
            "SET" => other with { Action = StatementAction.Set, SearchPath = ReadSearchPath(reader) },
            "RESET" => other with { Action = StatementAction.Set },
            "REINDEX" => ClassifyReindex(statement, reader),
            "REFRESH" => ClassifyRefresh(statement, reader),
            _ => other,
        };
    }

    private static ClassifiedStatement ClassifyCreate(SqlStatement statement, StatementReader reader)
    {
        var orReplace = reader.Accept("OR", "REPLACE");
        bool temporary = false, unlogged = false, unique = false;
        // Words that may stand between CREATE and the object kind: [GLOBAL | LOCAL] TEMP, UNLOGGED, UNIQUE INDEX,
        // RECURSIVE VIEW, TRUSTED PROCEDURAL LANGUAGE, CONSTRAINT TRIGGER, DEFAULT CONVERSION.
        while (true)
        {
            if (reader.Accept("TEMP") || reader.Accept("TEMPORARY"))
            {
                temporary = true;
            }
            else if (reader.Accept("UNLOGGED"))
            {
                unlogged = true;
            }
            else if (reader.Accept("UNIQUE"))
            {
                unique = true;
            }
            else if (!(reader.Accept("GLOBAL") || reader.Accept("LOCAL") || reader.Accept("RECURSIVE") || reader.Accept("TRUSTED")
                || reader.Accept("PROCEDURAL") || reader.Accept("CONSTRAINT") || reader.Accept("DEFAULT")))
            {
                break;
            }
        }

        // An event trigger fires ON an event (ddl_command_start …), not on a table.
        var isEventTrigger = reader.IsKeywords("EVENT", "TRIGGER");
        var kind = ReadObjectKind(reader);
        var result = new ClassifiedStatement(statement, StatementAction.Create, kind)
        {
            IsOrReplace = orReplace,
            IsTemporary = temporary,
            IsUnlogged = unlogged,
            IsUnique = unique,
        };
        if (kind == ObjectKind.Other)
        {
            return result;
        }

        SqlToken concurrently = default;
        var isConcurrently = kind == ObjectKind.Index && reader.TryAccept("CONCURRENTLY", out concurrently);
        var ifNotExists = reader.Accept("IF", "NOT", "EXISTS");

        // CREATE SCHEMA AUTHORIZATION role names the schema after the role.
        if (kind == ObjectKind.Schema)
        {
            reader.Accept("AUTHORIZATION");
        }

        // CREATE INDEX ON t (…) may leave the index unnamed.
        QualifiedName? name = null;
        SqlToken nameToken = default;
        if (!(kind == ObjectKind.Index && reader.IsKeyword("ON")))
        {
            name = reader.ReadName(out nameToken);
        }

        var afterName = reader.Position;
        var arguments = name is not null && kind is ObjectKind.Function or ObjectKind.Procedure
            ? DependencyReader.ReadArguments(reader, kind == ObjectKind.Procedure)
            : null;
        reader.Position = afterName;
        var table = (kind is ObjectKind.Index or ObjectKind.Trigger or ObjectKind.Policy) && !isEventTrigger ? ReadOnTable(reader) : null;

        // What the definition depends on is read from just after the name; an unnamed index mentions the whole statement.
        reader.Position = afterName;
        List<string>? sequenceColumns = null;
        IReadOnlyList<NameReference> references = name is null ? []
            : kind == ObjectKind.Table ? DependencyReader.ReadTableElements(reader, out sequenceColumns)
            : ReadDependencies(kind, reader);
        reader.Position = afterName;
        var sequenceOwner = kind == ObjectKind.Sequence ? ReadSequenceOwner(reader) : null;
        IReadOnlyList<string> mentioned = kind == ObjectKind.Index ? DependencyReader.ReadIdentifiers(reader, name is null ? 0 : afterName, int.MaxValue) : [];
        return result with
        {
            IsConcurrently = isConcurrently,
            ConcurrentlyToken = isConcurrently ? concurrently : null,
            IfNotExists = ifNotExists,
            Objects = name is null ? [] : [new NamedObject(name, nameToken) { Arguments = arguments }],
            Table = table,
            References = references,
            MentionedColumns = mentioned,
            SequenceColumns = sequenceColumns ?? (IReadOnlyList<string>)[],
            SequenceOwner = sequenceOwner,
        };
    }

    /// <summary>The table.column of a sequence's OWNED BY option, wherever it stands among the options; null without one.</summary>
    private static QualifiedName? ReadSequenceOwner(StatementReader reader) =>
        reader.SkipTo("OWNED") && reader.Accept("OWNED", "BY") ? reader.ReadName() : null;

    /// <summary>What the object a CREATE defines depends on, read from just after its name.</summary>
    private static IReadOnlyList<NameReference> ReadDependencies(ObjectKind kind, StatementReader reader) => kind switch
    {
        ObjectKind.View or ObjectKind.MaterializedView => DependencyReader.ReadEveryName(reader, DependencyReason.ViewQuery),
        ObjectKind.Trigger => DependencyReader.ReadTriggerFunction(reader),
        ObjectKind.Domain => DependencyReader.ReadDomainBase(reader),
        _ => [],
    };

    private static ClassifiedStatement ClassifyAlter(SqlStatement statement, StatementReader reader)
    {
        var kind = ReadObjectKind(reader);
        var result = new ClassifiedStatement(statement, StatementAction.Alter, kind);
        // ALTER TABLE ALL IN TABLESPACE … moves many tables and names none.
        if (kind == ObjectKind.Other || reader.IsKeywords("ALL", "IN"))
        {
            return result;
        }

        var ifExists = reader.Accept("IF", "EXISTS");
        reader.Accept("ONLY");
        var name = reader.ReadName(out var nameToken);
        if (name is null)
        {
            return result with { IfExists = ifExists };
        }

        result = result with { Objects = [new NamedObject(name, nameToken)], IfExists = ifExists };
        if (kind is ObjectKind.Index or ObjectKind.View or ObjectKind.MaterializedView or ObjectKind.Sequence or ObjectKind.Type or ObjectKind.Domain
            && reader.Accept("RENAME", "TO"))
        {
            return result with { RenamedTo = reader.ReadIdentifier() };
        }

        if (kind == ObjectKind.Sequence)
        {
            return result with { SequenceOwner = ReadSequenceOwner(reader) };
        }

        if (kind == ObjectKind.Type)
        {
            // ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'label' …: the only ALTER TYPE form whose effect a later
            // statement of the same transaction may not use.
            return result with { AddsEnumValue = reader.IsKeywords("ADD", "VALUE") };
        }

        if (kind is ObjectKind.Trigger or ObjectKind.Policy)
        {
            result = result with { Table = ReadOnTable(reader) };
            return reader.Accept("RENAME", "TO") ? result with { RenamedTo = reader.ReadIdentifier() } : result;
        }

        if (kind != ObjectKind.Table)
        {
            return result;
        }

        // ALTER TABLE name * (descendant tables included, the default).
        if (reader.IsKind(SqlTokenKind.Operator) && reader.Current.Length == 1 && statement.Script.Text[reader.Current.Start] == '*')
        {
            reader.Position++;
        }

        var actions = new List<AlterTableAction>();
        foreach (var part in reader.SplitAtCommas())
        {
            if (!part.AtEnd)
            {
                actions.Add(AlterTableActionReader.Read(part));
            }
        }

        return result with { AlterTableActions = actions };
    }

    private static ClassifiedStatement ClassifyDrop(SqlStatement statement, StatementReader reader)
    {
        var kind = ReadObjectKind(reader);
        var result = new ClassifiedStatement(statement, StatementAction.Drop, kind);
        if (kind == ObjectKind.Other)
        {
            return result;
        }

        SqlToken concurrently = default;
        var isConcurrently = kind == ObjectKind.Index && reader.TryAccept("CONCURRENTLY", out concurrently);
        var ifExists = reader.Accept("IF", "EXISTS");
        result = result with
        {
            Objects = ReadObjectList(reader, kind, stopsAtGrantee: false),
            IfExists = ifExists,
            IsCascade = reader.EndsWithKeyword("CASCADE"),
            IsConcurrently = isConcurrently,
            ConcurrentlyToken = isConcurrently ? concurrently : null,
        };
        return kind is ObjectKind.Trigger or ObjectKind.Policy ? result with { Table = ReadOnTable(reader) } : result;
    }

    private static ClassifiedStatement ClassifyComment(SqlStatement statement, StatementReader reader)
    {
        var result = new ClassifiedStatement(statement, StatementAction.Comment, ObjectKind.Other);
        if (!reader.Accept("ON"))
        {
            return result;
        }

        var kind = reader.Accept("COLUMN") ? ObjectKind.Column : ReadObjectKind(reader);
        if (kind == ObjectKind.Other)
        {
            return result;
        }

        var name = reader.ReadName(out var nameToken);
        result = result with { ObjectKind = kind, Objects = One(name, nameToken) };
        return kind is ObjectKind.Trigger or ObjectKind.Policy or ObjectKind.Constraint
            ? result with { Table = ReadOnTable(reader) }
            : result;
    }

    /// <summary>GRANT/REVOKE privileges ON [kind] names …; a grant of a role (no ON) has no object.</summary>
    private static ClassifiedStatement ClassifyPrivileges(SqlStatement statement, StatementReader reader, StatementAction action)
    {
        var result = new ClassifiedStatement(statement, action, ObjectKind.Other);
        if (!reader.SkipTo("ON"))
        {
            return result;
        }

        reader.Position++;
        if (reader.Accept("ALL", "TABLES", "IN", "SCHEMA"))
        {
            return result with { ObjectKind = ObjectKind.Table };
        }

        if (reader.Accept("ALL", "SEQUENCES", "IN", "SCHEMA"))
        {
            return result with { ObjectKind = ObjectKind.Sequence };
        }

        if (reader.Accept("ALL", "FUNCTIONS", "IN", "SCHEMA") || reader.Accept("ALL", "PROCEDURES", "IN", "SCHEMA") || reader.Accept("ALL", "ROUTINES", "IN", "SCHEMA"))
        {
            return result with { ObjectKind = ObjectKind.Function };
        }

        // A bare name is a table, as in GRANT SELECT ON invoices TO …
        var kind = reader.Accept("ROUTINE") ? ObjectKind.Function : ReadObjectKind(reader);
        if (kind == ObjectKind.Other)
        {
            kind = ObjectKind.Table;
        }

        return result with { ObjectKind = kind, Objects = ReadObjectList(reader, kind, stopsAtGrantee: true) };
    }

    /// <summary>
    /// The objects DROP and GRANT/REVOKE list: <c>name [(…)] [, …]</c>. A function's or procedure's argument list is
    /// part of its identity and kept, normalised; any other parenthesised group after a name is skipped. GRANT's list
    /// ends at the TO (REVOKE's at the FROM) that introduces the grantees.
    /// </summary>
    private static List<NamedObject> ReadObjectList(StatementReader reader, ObjectKind kind, bool stopsAtGrantee)
    {
        var objects = new List<NamedObject>();
        while (!(stopsAtGrantee && (reader.IsKeyword("TO") || reader.IsKeyword("FROM"))) && reader.ReadName(out var nameToken) is { } name)
        {
            string? arguments = null;
            if (kind is ObjectKind.Function or ObjectKind.Procedure)
            {
                arguments = DependencyReader.ReadArguments(reader, kind == ObjectKind.Procedure);
            }
            else if (reader.IsKind(SqlTokenKind.OpenParenthesis))
            {
                reader.Skip();
            }

            objects.Add(new NamedObject(name, nameToken) { Arguments = arguments });
            if (!reader.IsKind(SqlTokenKind.Comma))
            {
                break;
            }

            reader.Position++;
        }

        return objects;
    }

    private static ClassifiedStatement ClassifyDataChange(SqlStatement statement, StatementReader reader, StatementAction action, string? introducer)
    {
        var result = new ClassifiedStatement(statement, action, ObjectKind.Table);
        if (introducer is not null)
        {
            reader.Accept(introducer);
        }

        reader.Accept("ONLY");
        var name = reader.ReadName(out var nameToken);
        if (name is null)
        {
            return result with { ObjectKind = ObjectKind.Other, IsCopyTo = action == StatementAction.Copy && reader.SkipTo("TO") };
        }

        result = result with { Objects = [new NamedObject(name, nameToken)] };
        if (action == StatementAction.Copy)
        {
            if (reader.IsKind(SqlTokenKind.OpenParenthesis))
            {
                reader.Skip(); // the column list
            }

            result = result with { IsCopyTo = reader.IsKeyword("TO") };
        }

        return result;
    }

    private static ClassifiedStatement ClassifyTruncate(SqlStatement statement, StatementReader reader)
    {
        reader.Accept("TABLE");
        var tables = new List<NamedObject>();
        while (true)
        {
            reader.Accept("ONLY");
            if (reader.ReadName(out var nameToken) is not { } name)
            {
                break;
            }

            tables.Add(new NamedObject(name, nameToken));
            if (reader.IsKind(SqlTokenKind.Operator))
            {
                reader.Position++; // the * of "name *"
            }

            if (!reader.IsKind(SqlTokenKind.Comma))
            {
                break;
            }

            reader.Position++;
        }

        return new ClassifiedStatement(statement, StatementAction.Truncate, ObjectKind.Table) { Objects = tables, IsCascade = reader.EndsWithKeyword("CASCADE") };
    }

    /// <summary>WITH … INSERT/UPDATE/DELETE/MERGE is that data change; WITH … SELECT is Other.</summary>
    private static ClassifiedStatement? ClassifyWith(SqlStatement statement, StatementReader reader)
    {
        // The common table expressions are parenthesised, so the first of these words outside parentheses is the main statement.
        while (!reader.AtEnd)
        {
            if (reader.PeekWord() is "INSERT" or "UPDATE" or "DELETE" or "MERGE")
            {
                return Classify(statement, reader);
            }

            if (reader.PeekWord() is "SELECT" or "VALUES" or "TABLE")
            {
                return null;
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>The schemas of SET [SESSION | LOCAL] search_path {TO | =} …, or null for any other SET.</summary>
    private static List<string>? ReadSearchPath(StatementReader reader)
    {
        if (!reader.Accept("SESSION"))
        {
            reader.Accept("LOCAL");
        }

        if (!reader.Accept("SEARCH_PATH"))
        {
            return null;
        }

        if (reader.IsOperator("="))
        {
            reader.Position++;
        }
        else
        {
            reader.Accept("TO");
        }

        if (reader.Accept("DEFAULT"))
        {
            return ["$user", QualifiedName.DefaultSchema];
        }

        var schemas = new List<string>();
        while (!reader.AtEnd)
        {
            if (reader.ReadString() is { } literal)
            {
                schemas.Add(literal);
            }
            else if (reader.ReadIdentifier() is { } identifier)
            {
                schemas.Add(identifier);
            }
            else
            {
                reader.Position++;
            }
        }

        return schemas;
    }

    private static ClassifiedStatement ClassifyReindex(SqlStatement statement, StatementReader reader)
    {
        if (reader.IsKind(SqlTokenKind.OpenParenthesis))
        {
            reader.Skip(); // REINDEX (VERBOSE, CONCURRENTLY) … names CONCURRENTLY among options
        }

        var kind = reader.PeekWord() switch
        {
            "INDEX" => ObjectKind.Index,
            "TABLE" => ObjectKind.Table,
            "SCHEMA" => ObjectKind.Schema,
            "DATABASE" or "SYSTEM" => ObjectKind.Database,
            _ => ObjectKind.Other,
        };
        reader.Position++;
        var concurrently = FindConcurrently(statement);
        reader.Accept("CONCURRENTLY");
        var name = reader.ReadName(out var nameToken);
        return new ClassifiedStatement(statement, StatementAction.Reindex, kind)
        {
            IsConcurrently = concurrently is not null,
            ConcurrentlyToken = concurrently,
            Objects = One(name, nameToken),
        };
    }

    private static ClassifiedStatement ClassifyRefresh(SqlStatement statement, StatementReader reader)
    {
        var result = new ClassifiedStatement(statement, StatementAction.Refresh, ObjectKind.Other);
        if (!reader.Accept("MATERIALIZED", "VIEW"))
        {
            return result;
        }

        var isConcurrently = reader.TryAccept("CONCURRENTLY", out var concurrently);
        var name = reader.ReadName(out var nameToken);
        return result with
        {
            ObjectKind = ObjectKind.MaterializedView,
            IsConcurrently = isConcurrently,
            ConcurrentlyToken = isConcurrently ? concurrently : null,
            Objects = One(name, nameToken),
        };
    }

    private static IReadOnlyList<NamedObject> One(QualifiedName? name, SqlToken token) => name is null ? [] : [new NamedObject(name, token)];

    /// <summary>The CONCURRENTLY word anywhere in the statement's options, for REINDEX's two spellings.</summary>
    private static SqlToken? FindConcurrently(SqlStatement statement)
    {
        var source = statement.Script.Text.AsSpan();
        foreach (var token in statement.SignificantTokens)
        {
            if (token.IsKeyword(source, "CONCURRENTLY"))
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>Skips to the ON of an index, trigger, policy or constraint and reads the table after it.</summary>
    private static QualifiedName? ReadOnTable(StatementReader reader)
    {
        if (!reader.SkipTo("ON"))
        {
            return null;
        }

        reader.Position++;
        reader.Accept("ONLY");
        return reader.ReadName();
    }

    /// <summary>Reads the object-kind words after CREATE/ALTER/DROP/COMMENT ON; Other (not moving) when they are not one of ours.</summary>
    private static ObjectKind ReadObjectKind(StatementReader reader)
    {
        if (reader.Accept("MATERIALIZED", "VIEW"))
        {
            return ObjectKind.MaterializedView;
        }

        if (reader.Accept("EVENT", "TRIGGER"))
        {
            return ObjectKind.Trigger;
        }

        var kind = reader.PeekWord() switch
        {
            "TABLE" => ObjectKind.Table,
            "INDEX" => ObjectKind.Index,
            "VIEW" => ObjectKind.View,
            "FUNCTION" => ObjectKind.Function,
            "PROCEDURE" => ObjectKind.Procedure,
            "TRIGGER" => ObjectKind.Trigger,
            "TYPE" => ObjectKind.Type,
            "DOMAIN" => ObjectKind.Domain,
            "SEQUENCE" => ObjectKind.Sequence,
            "SCHEMA" => ObjectKind.Schema,
            "EXTENSION" => ObjectKind.Extension,
            "POLICY" => ObjectKind.Policy,
            "PUBLICATION" => ObjectKind.Publication,
            "CONSTRAINT" => ObjectKind.Constraint,
            "DATABASE" => ObjectKind.Database,
            _ => ObjectKind.Other,
        };
        if (kind != ObjectKind.Other)
        {
            reader.Position++;
        }

        return kind;
    }
}
