using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// Reads, from the words after a defined object's name, what pairing a forward with its rollback needs to know about the
/// definition: the names it depends on, the identifiers it mentions, a routine's argument list. Like the classifier it
/// is a heuristic over tokens, not a parser: odd input yields fewer references, never an error.
/// Ranges are token positions, <c>end</c> exclusive; <see cref="int.MaxValue"/> reads to the end of the reader.
/// </summary>
internal static class DependencyReader
{
    /// <summary>
    /// The parent of PARTITION OF, then the column list of CREATE TABLE: each column's type and REFERENCES clauses, and
    /// the table constraints' REFERENCES. CREATE TABLE … AS has no list and depends on nothing here.
    /// </summary>
    public static List<NameReference> ReadTableElements(StatementReader reader) => ReadTableElements(reader, out _);

    /// <summary>
    /// <see cref="ReadTableElements(StatementReader)"/>, and the columns PostgreSQL creates a sequence for (serial types,
    /// identity columns); null when there are none.
    /// </summary>
    public static List<NameReference> ReadTableElements(StatementReader reader, out List<string>? sequenceColumns)
    {
        sequenceColumns = null;
        var references = new List<NameReference>();
        if (reader.Accept("PARTITION", "OF") && reader.ReadName() is { } parent)
        {
            references.Add(new NameReference(parent, DependencyReason.PartitionOf));
        }

        if (!reader.IsKind(SqlTokenKind.OpenParenthesis))
        {
            return references;
        }

        var open = reader.Position;
        reader.Skip();
        var close = reader.Position - 1;
        reader.Position = open + 1;
        while (reader.Position < close)
        {
            var elementStart = reader.Position;
            while (reader.Position < close && !reader.IsKind(SqlTokenKind.Comma))
            {
                reader.Skip();
            }

            var elementEnd = reader.Position;
            reader.Position = elementStart;
            if (reader.PeekWord() is "CONSTRAINT" or "PRIMARY" or "UNIQUE" or "CHECK" or "FOREIGN" or "EXCLUDE" or "LIKE")
            {
                ReadReferences(reader, elementStart, elementEnd, references);
            }
            else
            {
                var column = reader.ReadIdentifier();
                if (column is not null && CreatesSequence(reader, elementEnd))
                {
                    (sequenceColumns ??= []).Add(column);
                }

                ReadColumnDefinition(reader, elementEnd, references);
            }

            reader.Position = elementEnd + 1;
        }

        return references;
    }

    /// <summary>True when the reader stands on a serial type: smallserial, serial, bigserial (serial2, serial4, serial8).</summary>
    public static bool IsSerialType(StatementReader reader) =>
        reader.PeekWord() is "SERIAL" or "SERIAL4" or "BIGSERIAL" or "SERIAL8" or "SMALLSERIAL" or "SERIAL2"
        && !reader.IsKind(SqlTokenKind.Dot, 1);

    /// <summary>True when the words after GENERATED are ALWAYS AS IDENTITY or BY DEFAULT AS IDENTITY; the reader stays put.</summary>
    public static bool IsIdentityAfterGenerated(StatementReader reader) =>
        reader.IsKeywords("ALWAYS", "AS", "IDENTITY") || reader.IsKeywords("BY", "DEFAULT", "AS", "IDENTITY");

    /// <summary>
    /// True when the column definition the reader stands on (its type, up to <paramref name="end"/>) is of a serial type
    /// or an identity column; the reader stays put.
    /// </summary>
    private static bool CreatesSequence(StatementReader reader, int end)
    {
        if (IsSerialType(reader))
        {
            return true;
        }

        var start = reader.Position;
        var found = false;
        while (reader.Position < end && !reader.AtEnd && !found)
        {
            found = reader.Accept("GENERATED") && IsIdentityAfterGenerated(reader);
            if (!found)
            {
                reader.Skip();
            }
        }

        reader.Position = start;
        return found;
    }

    /// <summary>A column's type, then its constraints' REFERENCES, up to <paramref name="end"/>; the reader stands on the type.</summary>
    public static void ReadColumnDefinition(StatementReader reader, int end, List<NameReference> references)
    {
        if (reader.Position < end && reader.ReadName() is { } type)
        {
            references.Add(new NameReference(type, DependencyReason.ColumnType));
        }

        ReadReferences(reader, reader.Position, end, references);
    }

    /// <summary>The table of every REFERENCES in the range, at any depth.</summary>
    public static void ReadReferences(StatementReader reader, int start, int end, List<NameReference> references)
    {
        for (reader.Position = start; reader.Position < end && !reader.AtEnd; reader.Position++)
        {
            if (reader.IsKeyword("REFERENCES") && reader.IsNameToken(1))
            {
                reader.Position++;
                references.Add(new NameReference(reader.ReadName()!, DependencyReason.ForeignKey));
                reader.Position--;
            }
        }
    }

    /// <summary>Every name in the rest of the statement: a view's sources, heuristically (aliases and columns are names too).</summary>
    public static List<NameReference> ReadEveryName(StatementReader reader, DependencyReason reason)
    {
        var references = new List<NameReference>();
        while (!reader.AtEnd)
        {
            if (reader.ReadName() is { } name)
            {
                references.Add(new NameReference(name, reason));
            }
            else
            {
                reader.Position++;
            }
        }

        return references;
    }

    /// <summary>The function or procedure of a trigger's EXECUTE FUNCTION/PROCEDURE, wherever it stands in the rest of the statement.</summary>
    public static IReadOnlyList<NameReference> ReadTriggerFunction(StatementReader reader)
    {
        while (!reader.AtEnd && !reader.IsKeyword("EXECUTE"))
        {
            reader.Position++;
        }

        if (reader.AtEnd)
        {
            return [];
        }

        reader.Position++;
        return (reader.Accept("FUNCTION") || reader.Accept("PROCEDURE")) && reader.ReadName() is { } function
            ? [new NameReference(function, DependencyReason.TriggerFunction)]
            : [];
    }

    /// <summary>The type a domain is over: CREATE DOMAIN name [AS] type.</summary>
    public static IReadOnlyList<NameReference> ReadDomainBase(StatementReader reader)
    {
        reader.Accept("AS");
        return reader.ReadName() is { } baseType ? [new NameReference(baseType, DependencyReason.DomainBase)] : [];
    }

    /// <summary>Every identifier in the range, resolved as PostgreSQL resolves it (unquoted ones folded to lower case).</summary>
    public static List<string> ReadIdentifiers(StatementReader reader, int start, int end)
    {
        var identifiers = new List<string>();
        for (reader.Position = start; reader.Position < end && !reader.AtEnd;)
        {
            if (reader.ReadIdentifier() is { } identifier)
            {
                identifiers.Add(identifier);
            }
            else
            {
                reader.Position++;
            }
        }

        return identifiers;
    }

    /// <summary>The normalised argument list of a routine when the reader stands on one, else null (a DROP that leaves it out).</summary>
    public static string? ReadArguments(StatementReader reader, bool isProcedure)
    {
        if (!reader.IsKind(SqlTokenKind.OpenParenthesis))
        {
            return null;
        }

        var open = reader.Position;
        reader.Skip();
        var close = reader.Position - 1;
        return RoutineArguments.Normalize(reader.Source, reader.Slice(open + 1, close), isProcedure);
    }
}
