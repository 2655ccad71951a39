namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// The two facts discovery needs about a file's SQL before full lexing: does it hold any statement, and does a
/// <c>-- migrations:irreversible</c> directive precede the first one. Only comments and whitespace are understood
/// here; anything else counts as a statement.
/// </summary>
internal static class MigrationContentProbe
{
    private const string DirectivePrefix = "migrations:";

    public static (bool HasStatements, bool IsIrreversible) Inspect(string text)
    {
        var irreversible = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                var end = text.IndexOfAny(['\n', '\r'], i);
                if (end < 0)
                {
                    end = text.Length;
                }

                irreversible |= IsIrreversibleDirective(text.AsSpan(i + 2, end - i - 2));
                i = end;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i = SkipBlockComment(text, i);
            }
            else
            {
                return (true, irreversible);
            }
        }

        return (false, irreversible);
    }

    private static bool IsIrreversibleDirective(ReadOnlySpan<char> comment)
    {
        var body = comment.Trim();
        if (!body.StartsWith(DirectivePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var directive = body[DirectivePrefix.Length..];
        var nameEnd = directive.IndexOfAny(' ', '\t');
        var name = nameEnd < 0 ? directive : directive[..nameEnd];
        return name.SequenceEqual("irreversible");
    }

    /// <summary>PostgreSQL block comments nest; an unterminated one runs to the end of the file.</summary>
    private static int SkipBlockComment(string text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }
}
