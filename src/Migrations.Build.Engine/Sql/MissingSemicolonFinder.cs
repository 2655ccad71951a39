namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Finds two statements with no <c>;</c> between them (MIG0109): a keyword at the start of a line, outside
/// parentheses, that together with the word after it can only open a new statement (ALTER TABLE, DROP INDEX,
/// INSERT INTO, DELETE FROM, UPDATE t SET, COMMENT ON …). PostgreSQL's grammar rejects these at deploy time, while the
/// splitter, like psql, simply runs on to the next <c>;</c>.
/// </summary>
/// <remarks>
/// Deliberately conservative, since a false alarm blocks a valid migration: a statement that legitimately holds
/// another (rule actions, CREATE SCHEMA elements, WITH queries, EXPLAIN, PREPARE, DECLARE, MERGE, BEGIN ATOMIC bodies,
/// ALTER DEFAULT PRIVILEGES) never counts, nor does a keyword right after a word that expects more
/// (AS, UNION, DO ALSO, ON, OR, FOR, a comma…), nor a word that a column could be named (ALTER TABLE t ALTER type …).
/// </remarks>
internal static class MissingSemicolonFinder
{
    /// <summary>Words after which the grammar still expects more of the same statement.</summary>
    private static readonly HashSet<string> ContinuationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "AFTER", "ALL", "ALSO", "ANALYSE", "ANALYZE", "AND", "AS", "ATOMIC", "BEFORE", "BY", "DISTINCT", "DO", "ELSE",
        "EXCEPT", "EXECUTE", "EXPLAIN", "FOR", "FROM", "GRANT", "IN", "INSTEAD", "INTERSECT", "INTO", "IS", "KEY", "NO",
        "NOT", "OF", "ON", "ONLY", "OR", "RETURN", "RETURNS", "REVOKE", "SET", "TABLE", "THEN", "TO", "UNION", "USING",
        "VERBOSE", "WHEN", "WITH",
    };

    /// <summary>What ALTER … can alter: only a statement, never an ALTER TABLE sub-action, starts with ALTER and one of these.</summary>
    private static readonly HashSet<string> AlterableObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "AGGREGATE", "COLLATION", "DATABASE", "DEFAULT", "DOMAIN", "EVENT", "EXTENSION", "FOREIGN", "FUNCTION", "GROUP",
        "INDEX", "LANGUAGE", "MATERIALIZED", "POLICY", "PROCEDURE", "PUBLICATION", "ROLE", "ROUTINE", "RULE", "SCHEMA",
        "SEQUENCE", "SERVER", "STATISTICS", "SUBSCRIPTION", "TABLE", "TABLESPACE", "TRIGGER", "TYPE", "USER", "VIEW",
    };

    private static readonly HashSet<string> CreatableObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "AGGREGATE", "CAST", "COLLATION", "DATABASE", "DOMAIN", "EVENT", "EXTENSION", "FOREIGN", "FUNCTION", "GROUP",
        "INDEX", "LANGUAGE", "MATERIALIZED", "OR", "POLICY", "PROCEDURE", "PUBLICATION", "RECURSIVE", "ROLE", "RULE",
        "SCHEMA", "SEQUENCE", "SERVER", "STATISTICS", "SUBSCRIPTION", "TABLE", "TABLESPACE", "TEMP", "TEMPORARY",
        "TRIGGER", "TYPE", "UNIQUE", "UNLOGGED", "USER", "VIEW",
    };

    private static readonly HashSet<string> DroppableObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "AGGREGATE", "CAST", "COLLATION", "DATABASE", "DOMAIN", "EVENT", "EXTENSION", "FOREIGN", "FUNCTION", "GROUP",
        "INDEX", "LANGUAGE", "MATERIALIZED", "OWNED", "POLICY", "PROCEDURE", "PUBLICATION", "ROLE", "ROUTINE", "RULE",
        "SCHEMA", "SEQUENCE", "SERVER", "STATISTICS", "SUBSCRIPTION", "TABLE", "TABLESPACE", "TRIGGER", "TYPE", "USER",
        "VIEW",
    };

    private static readonly HashSet<string> RevocablePrivileges = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADMIN", "ALL", "CONNECT", "CREATE", "DELETE", "EXECUTE", "GRANT", "INHERIT", "INSERT", "MAINTAIN", "REFERENCES",
        "SELECT", "SET", "TEMP", "TEMPORARY", "TRIGGER", "TRUNCATE", "UPDATE", "USAGE",
    };

    /// <summary>Words that may follow TRUNCATE's table name, so TRUNCATE t is told from a column or privilege named like it.</summary>
    private static readonly HashSet<string> AfterTruncatedTable = new(StringComparer.OrdinalIgnoreCase)
    {
        "CASCADE", "CONTINUE", "RESTART", "RESTRICT",
    };

    /// <summary>How far past UPDATE to look for SET: [ONLY] schema . table [*] [AS] alias.</summary>
    private const int MaxUpdateTargetTokens = 8;

    public static IReadOnlyList<MissingSemicolon> Find(ReadOnlySpan<char> source, SqlStatement statement)
    {
        // Validation runs on every build: most statements have no word at the start of a line outside parentheses,
        // and those are answered without copying their tokens.
        if (!HasTopLevelWordStartingALine(source, statement))
        {
            return [];
        }

        var found = new List<MissingSemicolon>();
        var tokens = new List<SqlToken>();
        var depths = new List<int>();
        var depth = 0;
        foreach (var token in statement.SignificantTokens)
        {
            if (token.Kind == SqlTokenKind.CloseParenthesis)
            {
                depth = Math.Max(0, depth - 1);
            }

            tokens.Add(token);
            depths.Add(depth);
            if (token.Kind == SqlTokenKind.OpenParenthesis)
            {
                depth++;
            }
        }

        var start = 0;
        var sawWith = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (depths[i] != 0 || token.Kind != SqlTokenKind.Identifier)
            {
                continue;
            }

            // A BEGIN ATOMIC body holds whole statements with their own ';'; the splitter already keeps them together.
            if (token.IsKeyword(source, "BEGIN") && i + 1 < tokens.Count && tokens[i + 1].IsKeyword(source, "ATOMIC"))
            {
                break;
            }

            if (token.IsKeyword(source, "WITH"))
            {
                sawWith = true;
                continue;
            }

            if (StartsLine(source, tokens[i - 1], token) && CanEndStatement(source, tokens[i - 1])
                && OpensStatement(source, tokens, start, i, sawWith))
            {
                found.Add(new MissingSemicolon(token, tokens[start].Line));
                start = i;
                sawWith = false;
            }
        }

        return found;
    }

    private static bool HasTopLevelWordStartingALine(ReadOnlySpan<char> source, SqlStatement statement)
    {
        var depth = 0;
        SqlToken? previous = null;
        foreach (var token in statement.SignificantTokens)
        {
            if (token.Kind == SqlTokenKind.CloseParenthesis)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && token.Kind == SqlTokenKind.Identifier && previous is { } before && StartsLine(source, before, token))
            {
                return true;
            }

            if (token.Kind == SqlTokenKind.OpenParenthesis)
            {
                depth++;
            }

            previous = token;
        }

        return false;
    }

    private static bool StartsLine(ReadOnlySpan<char> source, SqlToken previous, SqlToken token) =>
        source[previous.End..token.Start].IndexOfAny('\r', '\n') >= 0;

    /// <summary>A name, a literal or a closing bracket can end a statement; a comma, an operator or a word such as AS cannot.</summary>
    private static bool CanEndStatement(ReadOnlySpan<char> source, SqlToken previous) => previous.Kind switch
    {
        SqlTokenKind.Identifier => !ContinuationWords.Contains(previous.GetText(source).ToString()),
        SqlTokenKind.QuotedIdentifier or SqlTokenKind.UnicodeQuotedIdentifier or SqlTokenKind.DollarString
            or SqlTokenKind.IntegerLiteral or SqlTokenKind.NumericLiteral
            or SqlTokenKind.CloseParenthesis or SqlTokenKind.CloseBracket => true,
        _ => previous.IsStringLiteral,
    };

    private static bool OpensStatement(ReadOnlySpan<char> source, List<SqlToken> tokens, int start, int index, bool sawWith)
    {
        var opener = Word(source, tokens, start);
        var openerObject = Word(source, tokens, start + 1);
        var next = Word(source, tokens, index + 1);
        var isAlter = opener == "ALTER";
        var isAlterDefaultPrivileges = isAlter && openerObject == "DEFAULT";
        var isCreateSchema = opener == "CREATE" && openerObject == "SCHEMA";
        var isRule = opener == "CREATE" && (openerObject == "RULE" || (openerObject == "OR" && Word(source, tokens, start + 3) == "RULE"));
        // Statements whose grammar includes a whole query or data-modifying statement.
        var embedsQuery = sawWith || isRule || opener is "WITH" or "EXPLAIN" or "PREPARE" or "DECLARE" or "MERGE" or "COPY";

        return Word(source, tokens, index) switch
        {
            // Inside ALTER …, "ALTER type" may be ALTER [COLUMN] of a column named type; TABLE is reserved, so no column has that name.
            "ALTER" => isAlter ? next == "TABLE" : AlterableObjects.Contains(next),
            "CREATE" => !isCreateSchema && CreatableObjects.Contains(next),
            // Inside ALTER …, "DROP type" may drop a column named type; ALTER EXTENSION/PUBLICATION … DROP TABLE removes a member.
            "DROP" => isAlter
                ? next == "TABLE" && openerObject is not ("EXTENSION" or "PUBLICATION")
                : DroppableObjects.Contains(next),
            "INSERT" => !embedsQuery && next == "INTO",
            "DELETE" => !embedsQuery && next == "FROM",
            "UPDATE" => !embedsQuery && IsUpdateTarget(source, tokens, index),
            "SELECT" => !embedsQuery && !isAlterDefaultPrivileges
                && opener is "ALTER" or "DROP" or "UPDATE" or "DELETE" or "TRUNCATE" or "COMMENT" or "SELECT",
            "GRANT" => !isAlterDefaultPrivileges && !isCreateSchema && next.Length > 0 && next != "OPTION",
            "REVOKE" => !isAlterDefaultPrivileges && RevocablePrivileges.Contains(next),
            "COMMENT" => next == "ON",
            "TRUNCATE" => next is "TABLE" or "ONLY" || IsTruncatedTable(source, tokens, index + 1),
            _ => false,
        };
    }

    /// <summary>UPDATE name [*] [[AS] alias] SET: not ON CONFLICT DO UPDATE SET, nor UPDATE OF/ON in a trigger, nor FOR UPDATE.</summary>
    private static bool IsUpdateTarget(ReadOnlySpan<char> source, List<SqlToken> tokens, int index)
    {
        if (index + 1 >= tokens.Count || !IsName(tokens[index + 1]) || tokens[index + 1].IsKeyword(source, "SET"))
        {
            return false;
        }

        var last = Math.Min(tokens.Count - 1, index + MaxUpdateTargetTokens);
        for (var i = index + 2; i <= last; i++)
        {
            var token = tokens[i];
            if (token.IsKeyword(source, "SET"))
            {
                return true;
            }

            var partOfTarget = IsName(token) || token.Kind == SqlTokenKind.Dot
                || (token.Kind == SqlTokenKind.Operator && token.GetText(source) is "*");
            if (!partOfTarget)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>TRUNCATE name followed by the end of the statement, a comma, a dot or one of TRUNCATE's options.</summary>
    private static bool IsTruncatedTable(ReadOnlySpan<char> source, List<SqlToken> tokens, int index)
    {
        if (index >= tokens.Count || !IsName(tokens[index]))
        {
            return false;
        }

        if (index + 1 == tokens.Count)
        {
            return true;
        }

        var after = tokens[index + 1];
        return after.Kind is SqlTokenKind.Semicolon or SqlTokenKind.Comma or SqlTokenKind.Dot
            || (after.Kind == SqlTokenKind.Identifier && AfterTruncatedTable.Contains(after.GetText(source).ToString()));
    }

    private static bool IsName(SqlToken token) =>
        token.Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier or SqlTokenKind.UnicodeQuotedIdentifier;

    /// <summary>The unquoted word at <paramref name="index"/> in upper case, or empty when there is none.</summary>
    private static string Word(ReadOnlySpan<char> source, List<SqlToken> tokens, int index) =>
        index < tokens.Count && tokens[index].Kind == SqlTokenKind.Identifier
            ? tokens[index].GetText(source).ToString().ToUpperInvariant()
            : string.Empty;
}
