namespace Migrations.Build.Engine.Sql;

/// <summary>
/// One statement of a <see cref="SqlScript"/>: from its first significant token through its terminating <c>;</c>
/// (when there is one). Positions are 1-based; offsets index the script text.
/// </summary>
internal sealed class SqlStatement
{
    private readonly SqlScript _script;
    private readonly int _firstToken;
    private readonly int _tokenCount;
    private const int MaxLeadingKeywords = 8;
    private string? _text;
    private string[]? _leadingKeywords;

    internal SqlStatement(
        SqlScript script,
        int index,
        int firstToken,
        int tokenCount,
        IReadOnlyList<SqlToken> leadingComments,
        IReadOnlyList<SqlDirective> directives)
    {
        _script = script;
        Index = index;
        _firstToken = firstToken;
        _tokenCount = tokenCount;
        LeadingComments = leadingComments;
        Directives = directives;
        var first = script.Tokens[firstToken];
        var last = script.Tokens[firstToken + tokenCount - 1];
        Start = first.Start;
        End = last.End;
        Line = first.Line;
        Column = first.Column;
        HasTerminator = last.Kind == SqlTokenKind.Semicolon;
    }

    /// <summary>0-based position among the script's statements.</summary>
    public int Index { get; }

    public int Start { get; }

    /// <summary>Offset just past the statement (past its <c>;</c> when it has one).</summary>
    public int End { get; }

    public int Length => End - Start;

    public int Line { get; }

    public int Column { get; }

    public bool HasTerminator { get; }

    public SqlScript Script => _script;

    public string Text => _text ??= _script.Text.Substring(Start, Length);

    public ReadOnlySpan<char> Span => _script.Text.AsSpan(Start, Length);

    /// <summary>Every token from the first significant one to the last, comments and whitespace inside included.</summary>
    public ReadOnlySpan<SqlToken> Tokens => _script.Tokens.Slice(_firstToken, _tokenCount);

    public SqlSignificantTokens SignificantTokens => new(Tokens);

    /// <summary>Comments between the previous statement (not counting comments on its last line) and this one.</summary>
    public IReadOnlyList<SqlToken> LeadingComments { get; }

    /// <summary>The <c>-- migrations:disable</c> directives among <see cref="LeadingComments"/>.</summary>
    public IReadOnlyList<SqlDirective> Directives { get; }

    /// <summary>The statement's opening unquoted words in upper case, e.g. CREATE, OR, REPLACE, FUNCTION (at most eight).</summary>
    public IReadOnlyList<string> LeadingKeywords => _leadingKeywords ??= ReadLeadingKeywords();

    public string? FirstKeyword => LeadingKeywords.Count > 0 ? LeadingKeywords[0] : null;

    /// <summary>True when the statement opens with exactly these words, e.g. <c>StartsWithKeywords("CREATE", "INDEX")</c>.</summary>
    public bool StartsWithKeywords(params ReadOnlySpan<string> keywords)
    {
        if (keywords.Length > LeadingKeywords.Count)
        {
            return false;
        }

        for (var i = 0; i < keywords.Length; i++)
        {
            if (!string.Equals(LeadingKeywords[i], keywords[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a <c>-- migrations:disable</c> before this statement, or a file-wide one, names <paramref name="code"/>.</summary>
    public bool IsDisabled(string code)
    {
        foreach (var directive in Directives)
        {
            if (directive.Disables(code))
            {
                return true;
            }
        }

        return _script.IsDisabledForFile(code);
    }

    private string[] ReadLeadingKeywords()
    {
        var keywords = new List<string>(4);
        foreach (var token in SignificantTokens)
        {
            if (token.Kind != SqlTokenKind.Identifier || keywords.Count == MaxLeadingKeywords)
            {
                break;
            }

            keywords.Add(UpperCaseWord.From(_script.Text, token));
        }

        return keywords.ToArray();
    }

    public override string ToString() => $"({Line},{Column}) {Text}";
}
