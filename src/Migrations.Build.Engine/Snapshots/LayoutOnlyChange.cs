using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// Whether two routine or view definitions say the same thing laid out differently: the same tokens, read by our SQL
/// lexer, once whitespace between them is set aside. String literals, quoted identifiers and block comments are
/// compared as written, so <c>'a  b'</c> against <c>'a b'</c> stays a real difference. A routine body in a dollar
/// quote (<c>AS $function$ … $function$</c>, as pg_get_functiondef writes it) is compared token by token inside too,
/// when its language is SQL or PL/pgSQL; in any other language (plpython3u, where indentation is syntax) it is
/// compared as written.
/// </summary>
internal static class LayoutOnlyChange
{
    /// <summary>True when the two texts differ, but only in whitespace.</summary>
    public static bool Between(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return expected != actual && SameTokens(expected, actual, bodyIsSql: HasSqlBody(expected));
    }

    /// <summary>Whether a definition of a kind that carries its author's layout (routine bodies, views) is compared this way.</summary>
    public static bool Applies(string objectKind, string property) =>
        property == "definition"
        && objectKind is SnapshotObjectKinds.Function or SnapshotObjectKinds.Procedure or SnapshotObjectKinds.View or SnapshotObjectKinds.MaterializedView;

    private static bool SameTokens(string left, string right, bool bodyIsSql)
    {
        var leftTokens = Significant(left);
        var rightTokens = Significant(right);
        if (leftTokens.Count != rightTokens.Count)
        {
            return false;
        }

        for (var index = 0; index < leftTokens.Count; index++)
        {
            var leftToken = leftTokens[index];
            var rightToken = rightTokens[index];
            if (leftToken.Kind != rightToken.Kind)
            {
                return false;
            }

            var isBody = bodyIsSql && leftToken.Kind == SqlTokenKind.DollarString && index > 0 && leftTokens[index - 1].IsKeyword(left, "AS");
            var same = isBody
                ? DollarTag(left, leftToken) == DollarTag(right, rightToken)
                  && SameTokens(DollarContent(left, leftToken), DollarContent(right, rightToken), bodyIsSql: false)
                : Text(left, leftToken) == Text(right, rightToken);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static List<SqlToken> Significant(string text)
    {
        var tokens = SqlLexer.Read(text);
        tokens.RemoveAll(token => token.Kind == SqlTokenKind.Whitespace);
        return tokens;
    }

    // A line comment runs to the line break; spaces an editor left at its end are layout too.
    private static string Text(string source, SqlToken token) =>
        token.Kind == SqlTokenKind.LineComment ? token.GetString(source).TrimEnd() : token.GetString(source);

    /// <summary>Whether the definition says <c>LANGUAGE sql</c> or <c>LANGUAGE plpgsql</c> outside its body.</summary>
    private static bool HasSqlBody(string definition)
    {
        var tokens = Significant(definition);
        for (var index = 0; index + 1 < tokens.Count; index++)
        {
            if (tokens[index].IsKeyword(definition, "LANGUAGE"))
            {
                var language = tokens[index + 1].GetString(definition).Trim('\'', '"');
                return language.Equals("sql", StringComparison.OrdinalIgnoreCase) || language.Equals("plpgsql", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    private static string DollarTag(string source, SqlToken token)
    {
        var text = token.GetString(source);
        return text[..(text.IndexOf('$', 1) + 1)];
    }

    private static string DollarContent(string source, SqlToken token)
    {
        var text = token.GetString(source);
        var tag = DollarTag(source, token).Length;
        var end = token.IsUnterminated ? text.Length : Math.Max(tag, text.Length - tag);
        return text[tag..end];
    }
}
