using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// A migration's statements the way the Supabase CLI stores them in its history's <c>statements</c> column: the file
/// cut after every <c>;</c> outside quotes, dollar quotes and comments, each piece keeping the comments before it,
/// with its closing <c>;</c> and the blanks around it removed; a trailing piece of comments alone is kept, blank
/// pieces are not. The semicolons come from our lexer, which knows the same quoting rules, so the pieces are the
/// CLI's — including its cuts inside a <c>BEGIN ATOMIC</c> body, which the CLI makes too.
/// </summary>
internal static class SupabaseStatements
{
    public static IReadOnlyList<string> Split(SqlScript script)
    {
        var pieces = new List<string>();
        var start = 0;
        foreach (var token in script.Tokens)
        {
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                Add(pieces, script.Text[start..token.End]);
                start = token.End;
            }
        }

        Add(pieces, script.Text[start..]);
        return pieces;
    }

    private static void Add(List<string> pieces, string piece)
    {
        var trimmed = piece.TrimEnd(';').Trim();
        if (trimmed.Length > 0)
        {
            pieces.Add(trimmed);
        }
    }
}
