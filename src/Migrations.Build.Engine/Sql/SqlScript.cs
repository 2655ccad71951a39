using System.Runtime.InteropServices;

namespace Migrations.Build.Engine.Sql;

/// <summary>
/// A migration file's SQL, lexed once and split into statements the way psql would send them,
/// with the <c>-- migrations:</c> directives of contract §2.
/// </summary>
internal sealed class SqlScript
{
    private readonly List<SqlToken> _tokens;
    private SqlLineIndex? _lines;

    internal SqlScript(string text, List<SqlToken> tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    /// <summary>Every token, trivia included.</summary>
    public ReadOnlySpan<SqlToken> Tokens => CollectionsMarshal.AsSpan(_tokens);

    public IReadOnlyList<SqlStatement> Statements { get; internal set; } = [];

    /// <summary>False when the text holds only whitespace, comments and psql meta-commands (MIG0005).</summary>
    public bool HasStatements => Statements.Count > 0;

    /// <summary>Every directive in the file, in order, wherever it stands.</summary>
    public IReadOnlyList<SqlDirective> Directives { get; internal set; } = [];

    /// <summary><c>no-transaction</c>, <c>irreversible</c> and <c>disable-file</c> directives before the first statement.</summary>
    public IReadOnlyList<SqlDirective> FileDirectives { get; internal set; } = [];

    /// <summary>psql backslash commands (<c>\i</c>, <c>\set</c> …), which are not part of any statement.</summary>
    public IReadOnlyList<SqlToken> MetaCommands { get; internal set; } = [];

    /// <summary>Each <c>)</c> without a matching <c>(</c>, and the outermost <c>(</c> left open at the end of the file.</summary>
    public IReadOnlyList<SqlToken> UnbalancedParentheses { get; internal set; } = [];

    public SqlLineIndex Lines => _lines ??= SqlLineIndex.Build(Text);

    public static SqlScript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SqlStatementSplitter.Split(text, SqlLexer.Read(text));
    }

    public bool HasFileDirective(SqlDirectiveKind kind)
    {
        foreach (var directive in FileDirectives)
        {
            if (directive.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsDisabledForFile(string code)
    {
        foreach (var directive in FileDirectives)
        {
            if (directive.Kind == SqlDirectiveKind.DisableFile && directive.Disables(code))
            {
                return true;
            }
        }

        return false;
    }
}
