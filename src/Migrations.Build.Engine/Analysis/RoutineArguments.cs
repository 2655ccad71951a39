using System.Text;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// The identity of a function's or procedure's argument list, as CREATE and DROP spell it differently: argument
/// names, modes and defaults dropped, type modifiers dropped (PostgreSQL ignores <c>varchar(10)</c>'s length in a
/// signature), case and spacing normalised, and the common aliases mapped to one spelling, so that
/// <c>f(p_id int4 default 0)</c> and <c>f(integer)</c> are the same function while <c>f(text)</c> is another.
/// </summary>
internal static class RoutineArguments
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["int"] = "integer",
        ["int4"] = "integer",
        ["int2"] = "smallint",
        ["int8"] = "bigint",
        ["float4"] = "real",
        ["float8"] = "double precision",
        ["float"] = "double precision",
        ["decimal"] = "numeric",
        ["bool"] = "boolean",
        ["varchar"] = "character varying",
        ["char varying"] = "character varying",
        ["char"] = "character",
        ["bpchar"] = "character",
        ["varbit"] = "bit varying",
        ["timestamptz"] = "timestamp with time zone",
        ["timestamp"] = "timestamp without time zone",
        ["timetz"] = "time with time zone",
        ["time"] = "time without time zone",
    };

    /// <summary>Words that open a type spelled in several words, and the words that may continue it.</summary>
    private static readonly HashSet<string> MultiWordTypeStarts = new(StringComparer.Ordinal)
    {
        "double", "character", "char", "national", "timestamp", "time", "bit", "interval",
    };

    private static readonly HashSet<string> MultiWordTypeContinuations = new(StringComparer.Ordinal)
    {
        "precision", "varying", "character", "char", "with", "without", "year", "month", "day", "hour", "minute", "second",
    };

    /// <summary>
    /// Normalises the tokens between a routine's parentheses. OUT arguments are left out of a function's identity, as
    /// DROP FUNCTION ignores them; a procedure's OUT arguments count (PostgreSQL 14 and later).
    /// </summary>
    public static string Normalize(string source, IReadOnlyList<SqlToken> tokens, bool isProcedure)
    {
        var types = new List<string>();
        foreach (var argument in SplitAtCommas(tokens))
        {
            var words = ReadWords(source, argument, out var mode);
            if (words.Count == 0 || (mode == "out" && !isProcedure))
            {
                continue;
            }

            if (words.Count >= 2 && !(MultiWordTypeStarts.Contains(words[0]) && MultiWordTypeContinuations.Contains(words[1])))
            {
                words.RemoveAt(0); // the argument's name
            }

            types.Add(NormalizeType(string.Join(" ", words)));
        }

        return string.Join(", ", types);
    }

    private static string NormalizeType(string type)
    {
        var arraySuffix = new StringBuilder();
        while (type.EndsWith("[]", StringComparison.Ordinal))
        {
            arraySuffix.Append("[]");
            type = type[..^2].TrimEnd();
        }

        if (type.StartsWith("pg_catalog.", StringComparison.Ordinal))
        {
            type = type["pg_catalog.".Length..];
        }

        return (Aliases.TryGetValue(type, out var canonical) ? canonical : type) + arraySuffix;
    }

    /// <summary>
    /// The words of one argument up to its DEFAULT (or <c>=</c>), without its mode: unquoted words folded to lower case,
    /// a qualified name one word, array brackets attached to the word before, parenthesised type modifiers dropped.
    /// </summary>
    private static List<string> ReadWords(string source, List<SqlToken> argument, out string? mode)
    {
        var words = new List<string>();
        mode = null;
        var depth = 0;
        for (var i = 0; i < argument.Count; i++)
        {
            var token = argument[i];
            var text = token.GetString(source);
            if (token.Kind is SqlTokenKind.OpenParenthesis or SqlTokenKind.OpenBracket)
            {
                depth++;
                if (token.Kind == SqlTokenKind.OpenBracket && depth == 1 && words.Count > 0)
                {
                    words[^1] += "[]";
                }

                continue;
            }

            if (token.Kind is SqlTokenKind.CloseParenthesis or SqlTokenKind.CloseBracket)
            {
                depth--;
                continue;
            }

            if (depth > 0)
            {
                continue;
            }

            if (token.IsKeyword(source, "DEFAULT") || (token.Kind == SqlTokenKind.Operator && text == "="))
            {
                break;
            }

            var word = token.Kind == SqlTokenKind.Identifier ? text.ToLowerInvariant() : text;
            if (words.Count == 0 && mode is null && word is "in" or "out" or "inout" or "variadic")
            {
                mode = word;
                continue;
            }

            if (token.Kind == SqlTokenKind.Dot && words.Count > 0)
            {
                words[^1] += ".";
            }
            else if (words.Count > 0 && words[^1].EndsWith('.'))
            {
                words[^1] += word;
            }
            else
            {
                words.Add(word);
            }
        }

        return words;
    }

    private static List<List<SqlToken>> SplitAtCommas(IReadOnlyList<SqlToken> tokens)
    {
        var arguments = new List<List<SqlToken>> { new() };
        var depth = 0;
        foreach (var token in tokens)
        {
            depth += token.Kind is SqlTokenKind.OpenParenthesis or SqlTokenKind.OpenBracket ? 1
                : token.Kind is SqlTokenKind.CloseParenthesis or SqlTokenKind.CloseBracket ? -1 : 0;
            if (token.Kind == SqlTokenKind.Comma && depth == 0)
            {
                arguments.Add([]);
            }
            else
            {
                arguments[^1].Add(token);
            }
        }

        return arguments;
    }
}
