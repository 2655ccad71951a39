using System.Globalization;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// A column's data type as a migration writes it: the type name with its spelling variants folded
/// (<c>character varying</c> is <c>varchar</c>, <c>decimal</c> is <c>numeric</c>, <c>bit varying</c> is <c>varbit</c>)
/// and its modifiers, such as the 100 of <c>varchar(100)</c> or the 12, 2 of <c>numeric(12, 2)</c>. Arrays and names
/// the reader cannot make out are kept as written, so they never compare equal to a type they might not be.
/// </summary>
internal sealed record ColumnType(string Name, IReadOnlyList<int> Modifiers)
{
    /// <summary>The words that end a type inside a column definition or an ALTER … TYPE sub-action.</summary>
    private static readonly HashSet<string> FollowingKeywords = new(StringComparer.Ordinal)
    {
        "USING", "COLLATE", "NOT", "NULL", "DEFAULT", "PRIMARY", "REFERENCES", "CHECK", "UNIQUE", "GENERATED", "CONSTRAINT",
    };

    /// <summary>Without modifiers: <c>varchar</c> with no length limit, <c>numeric</c> with any precision.</summary>
    public bool IsUnconstrained => Modifiers.Count == 0;

    /// <summary>Reads the type starting at the reader's position and leaves the reader just after it; null when none is there.</summary>
    public static ColumnType? Read(StatementReader reader)
    {
        var words = new List<string>();
        var modifiers = new List<int>();
        var readable = true;
        while (!reader.AtEnd)
        {
            var word = reader.PeekWord();
            if (word is not null && FollowingKeywords.Contains(word))
            {
                break;
            }

            if (reader.IsNameToken())
            {
                words.Add(reader.ReadIdentifier()!);
            }
            else if (reader.IsKind(SqlTokenKind.Dot))
            {
                // pg_catalog.varchar: the schema of a built-in type changes nothing.
                words.Clear();
                reader.Position++;
            }
            else if (reader.IsKind(SqlTokenKind.OpenParenthesis))
            {
                readable &= ReadModifiers(reader, modifiers);
            }
            else
            {
                // [] or anything unexpected: keep the type, but never let it pass for another.
                readable = false;
                reader.Skip();
            }
        }

        if (words.Count == 0)
        {
            return null;
        }

        var name = string.Join(' ', words);
        return new ColumnType(readable ? Fold(name) : $"{name} (as written)", modifiers);
    }

    private static bool ReadModifiers(StatementReader reader, List<int> modifiers)
    {
        reader.Position++;
        var readable = true;
        while (!reader.AtEnd && !reader.IsKind(SqlTokenKind.CloseParenthesis))
        {
            if (reader.IsKind(SqlTokenKind.IntegerLiteral)
                && int.TryParse(reader.Current.GetString(reader.Source), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                modifiers.Add(value);
            }
            else if (!reader.IsKind(SqlTokenKind.Comma))
            {
                readable = false;
            }

            reader.Skip();
        }

        reader.Position++;
        return readable;
    }

    private static string Fold(string name) => name switch
    {
        "character varying" or "char varying" => "varchar",
        "decimal" => "numeric",
        "bit varying" => "varbit",
        _ => name,
    };

    public override string ToString() => IsUnconstrained ? Name : $"{Name}({string.Join(", ", Modifiers)})";
}
