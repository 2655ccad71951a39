using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Finds what would make a migration fail to parse before it reaches a database (MIG0101–MIG0107, MIG0109), pointing at the
/// opening quote, comment or parenthesis rather than at the end of the file where PostgreSQL would notice.
/// </summary>
internal static class SqlSyntaxChecker
{
    private const int MaxMetaCommandNameLength = 24;

    public static IReadOnlyList<Diagnostic> Check(string filePath, string text) => Check(filePath, SqlScript.Parse(text));

    public static IReadOnlyList<Diagnostic> Check(string filePath, SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(script);
        var source = script.Text.AsSpan();
        var diagnostics = new List<Diagnostic>();

        var tokens = script.Tokens;
        if (tokens.Length > 0 && tokens[^1].IsUnterminated)
        {
            // Only the last token can be unterminated: it runs to the end of the file.
            diagnostics.Add(ReportUnterminated(filePath, source, tokens[^1]));
        }

        foreach (var parenthesis in script.UnbalancedParentheses)
        {
            var message = parenthesis.Kind == SqlTokenKind.CloseParenthesis
                ? "Unmatched ')'; remove it or add the '(' it should close."
                : "Unclosed '(' starting here; add the matching ')' (until it is closed, no ';' after it ends the statement).";
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.UnbalancedParentheses, At(filePath, source, parenthesis), message));
        }

        foreach (var statement in script.Statements)
        {
            var first = statement.Tokens[0];
            // An unterminated literal or a stray ')' at the start is already reported as itself.
            if (first.IsUnterminated || first.Kind is SqlTokenKind.OpenParenthesis or SqlTokenKind.CloseParenthesis
                || (first.Kind == SqlTokenKind.Identifier && PostgresStatementKeywords.Contains(first.GetText(source))))
            {
                continue;
            }

            diagnostics.Add(new Diagnostic(DiagnosticCatalog.UnknownStatementKeyword, At(filePath, source, first), DescribeUnknownStart(source, first)));
        }

        foreach (var statement in script.Statements)
        {
            foreach (var missing in MissingSemicolonFinder.Find(source, statement))
            {
                var keyword = missing.Keyword.GetText(source).ToString().ToUpperInvariant();
                var message = $"'{keyword}' starts a new statement on line {missing.Keyword.Line}, but the statement that began on line {missing.OpenStatementLine} has no ';'; end it with ';'.";
                diagnostics.Add(new Diagnostic(DiagnosticCatalog.MissingSemicolon, At(filePath, source, missing.Keyword), message));
            }
        }

        foreach (var command in script.MetaCommands)
        {
            var name = MetaCommandName(command.GetText(source));
            var message = $"psql meta-command '{name}' cannot run in a migration (only psql understands it, not the database); write the SQL it stands for directly in the file.";
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.PsqlMetaCommand, At(filePath, source, command), message));
        }

        diagnostics.Sort(static (a, b) => a.Location.Line != b.Location.Line
            ? a.Location.Line.CompareTo(b.Location.Line)
            : a.Location.Column.CompareTo(b.Location.Column));
        return diagnostics;
    }

    private static Diagnostic ReportUnterminated(string filePath, ReadOnlySpan<char> source, SqlToken token)
    {
        var location = new SourceLocation(filePath, token.Line, token.Column);
        return token.Kind switch
        {
            SqlTokenKind.QuotedIdentifier or SqlTokenKind.UnicodeQuotedIdentifier => new Diagnostic(
                DiagnosticCatalog.UnterminatedQuotedIdentifier,
                location,
                "Unterminated quoted identifier starting here; close it with \" (write \"\" for a quote inside the name)."),
            SqlTokenKind.DollarString => new Diagnostic(
                DiagnosticCatalog.UnterminatedDollarQuote,
                location,
                $"Unterminated dollar-quoted string starting here; close it with {DollarDelimiter(source, token)} (the same tag as the opening delimiter)."),
            SqlTokenKind.BlockComment => new Diagnostic(
                DiagnosticCatalog.UnterminatedBlockComment,
                location,
                "Unterminated block comment starting here; close it with */ (block comments nest, so each /* inside needs its own */)."),
            SqlTokenKind.EscapeString => new Diagnostic(
                DiagnosticCatalog.UnterminatedString,
                location,
                "Unterminated string literal starting here; close it with ' (in an E'' string write \\' or '' for a quote and \\\\ for a backslash)."),
            SqlTokenKind.BitString or SqlTokenKind.HexString => new Diagnostic(
                DiagnosticCatalog.UnterminatedString,
                location,
                "Unterminated bit-string literal starting here; close it with '."),
            _ => new Diagnostic(
                DiagnosticCatalog.UnterminatedString,
                location,
                "Unterminated string literal starting here; close it with ' (write '' for a quote inside the string)."),
        };
    }

    private static string DescribeUnknownStart(ReadOnlySpan<char> source, SqlToken first)
    {
        if (first.Kind == SqlTokenKind.Identifier)
        {
            var word = first.GetText(source);
            var suggestion = PostgresStatementKeywords.FindClosest(word);
            return suggestion is null
                ? $"'{word}' is not a PostgreSQL statement keyword; start the statement with a command such as CREATE, ALTER, INSERT or SELECT, or check for a missing ';' before it."
                : $"'{word}' is not a PostgreSQL statement keyword; did you mean {suggestion}?";
        }

        var text = first.GetText(source);
        var shown = text.Length > 20 ? string.Concat(text[..20], "…") : text.ToString();
        return $"A statement cannot start with '{shown}'; start it with a command such as CREATE, ALTER, INSERT or SELECT, or check for a missing ';' before it.";
    }

    private static string DollarDelimiter(ReadOnlySpan<char> source, SqlToken token)
    {
        var text = token.GetText(source);
        var close = text[1..].IndexOf('$');
        return text[..(close + 2)].ToString();
    }

    private static string MetaCommandName(ReadOnlySpan<char> command)
    {
        var length = 1;
        while (length < command.Length && length < MaxMetaCommandNameLength && !char.IsWhiteSpace(command[length]))
        {
            length++;
        }

        return command[..length].ToString();
    }

    /// <summary>A token's span as a location; the end is given only when the token stays on one line.</summary>
    private static SourceLocation At(string filePath, ReadOnlySpan<char> source, SqlToken token) =>
        token.GetText(source).IndexOfAny('\r', '\n') < 0
            ? new SourceLocation(filePath, token.Line, token.Column, token.Line, token.Column + token.Length)
            : new SourceLocation(filePath, token.Line, token.Column);
}
