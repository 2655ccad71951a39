using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// A cursor over the significant tokens of one statement (or of a part of one, such as a single ALTER TABLE
/// sub-action), with the few reads the classifier needs: keywords, names, and skipping parenthesised groups.
/// It never throws on odd input: reading past the end yields nothing, so an unfamiliar statement just classifies as Other.
/// </summary>
internal sealed class StatementReader
{
    private readonly string _source;
    private readonly SqlToken[] _tokens;
    private readonly int _start;
    private readonly int _end;

    public StatementReader(SqlStatement statement)
    {
        _source = statement.Script.Text;

        // Counted first so the array is allocated once: the classifier runs on every statement of every build.
        var count = 0;
        foreach (var token in statement.SignificantTokens)
        {
            // The terminating ';' is not part of what the statement says.
            if (token.Kind != SqlTokenKind.Semicolon)
            {
                count++;
            }
        }

        _tokens = new SqlToken[count];
        var index = 0;
        foreach (var token in statement.SignificantTokens)
        {
            if (token.Kind != SqlTokenKind.Semicolon)
            {
                _tokens[index++] = token;
            }
        }

        _end = count;
    }

    private StatementReader(string source, SqlToken[] tokens, int start, int end)
    {
        _source = source;
        _tokens = tokens;
        _start = start;
        Position = start;
        _end = end;
    }

    /// <summary>The script's text, which the tokens index.</summary>
    public string Source => _source;

    public int Position { get; set; }

    public bool AtEnd => Position >= _end;

    public SqlToken Current => _tokens[Position];

    public bool IsKind(SqlTokenKind kind, int ahead = 0) => Position + ahead < _end && _tokens[Position + ahead].Kind == kind;

    public bool IsKeyword(string keyword, int ahead = 0) =>
        Position + ahead < _end && _tokens[Position + ahead].IsKeyword(_source, keyword);

    /// <summary>True when the next words are exactly <paramref name="keywords"/>.</summary>
    public bool IsKeywords(params ReadOnlySpan<string> keywords)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            if (!IsKeyword(keywords[i], i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Moves past <paramref name="keywords"/> when they come next, all of them; otherwise stays put.</summary>
    public bool Accept(params ReadOnlySpan<string> keywords)
    {
        if (!IsKeywords(keywords))
        {
            return false;
        }

        Position += keywords.Length;
        return true;
    }

    public bool TryAccept(string keyword, out SqlToken token)
    {
        token = default;
        if (!IsKeyword(keyword))
        {
            return false;
        }

        token = Current;
        Position++;
        return true;
    }

    /// <summary>True when the last token of the statement (or of this part of it) is <paramref name="keyword"/>.</summary>
    public bool EndsWithKeyword(string keyword) => _end > _start && _tokens[_end - 1].IsKeyword(_source, keyword);

    /// <summary>The tokens from <paramref name="start"/> up to (not including) <paramref name="end"/>, without copying.</summary>
    public IReadOnlyList<SqlToken> Slice(int start, int end) =>
        new ArraySegment<SqlToken>(_tokens, start, Math.Max(0, Math.Min(end, _end) - start));

    /// <summary>The upper-case text of the next token when it is an unquoted word.</summary>
    public string? PeekWord(int ahead = 0)
    {
        var index = Position + ahead;
        return index < _end && _tokens[index].Kind == SqlTokenKind.Identifier
            ? UpperCaseWord.From(_source, _tokens[index])
            : null;
    }

    public bool IsNameToken(int ahead = 0) =>
        Position + ahead < _end && _tokens[Position + ahead].Kind is SqlTokenKind.Identifier or SqlTokenKind.QuotedIdentifier or SqlTokenKind.UnicodeQuotedIdentifier;

    /// <summary>Reads <c>a</c>, <c>a.b</c> or <c>a.b.c</c>, folding unquoted parts to lower case.</summary>
    public QualifiedName? ReadName(out SqlToken first)
    {
        first = default;
        if (!IsNameToken())
        {
            return null;
        }

        first = Current;
        var parts = new List<string> { ReadIdentifier()! };
        while (IsKind(SqlTokenKind.Dot) && IsNameToken(1))
        {
            Position++;
            parts.Add(ReadIdentifier()!);
        }

        return new QualifiedName(parts);
    }

    public QualifiedName? ReadName() => ReadName(out _);

    /// <summary>Reads one identifier as PostgreSQL resolves it, or null when the next token is not one.</summary>
    public string? ReadIdentifier()
    {
        if (!IsNameToken())
        {
            return null;
        }

        var token = Current;
        Position++;
        var text = token.GetString(_source);
        return token.Kind switch
        {
            SqlTokenKind.Identifier => text.ToLowerInvariant(),
            SqlTokenKind.QuotedIdentifier => Unquote(text),
            // U&"…" keeps its escapes: resolving them needs UESCAPE handling, and such names are vanishingly rare in migrations.
            _ => Unquote(text[2..]),
        };
    }

    /// <summary>Reads a plain <c>'…'</c> string literal's value, or null when the next token is not one.</summary>
    public string? ReadString()
    {
        if (!IsKind(SqlTokenKind.StringLiteral) || Current.IsUnterminated)
        {
            return null;
        }

        var text = Current.GetString(_source);
        Position++;
        return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>True when the next token is the operator <paramref name="symbol"/>, such as <c>=</c>.</summary>
    public bool IsOperator(string symbol) =>
        IsKind(SqlTokenKind.Operator) && Current.GetText(_source).SequenceEqual(symbol);

    /// <summary>Moves past one token, or past a whole parenthesised or bracketed group when one opens here.</summary>
    public void Skip()
    {
        if (AtEnd)
        {
            return;
        }

        if (Current.Kind is not (SqlTokenKind.OpenParenthesis or SqlTokenKind.OpenBracket))
        {
            Position++;
            return;
        }

        var depth = 0;
        do
        {
            var kind = Current.Kind;
            if (kind is SqlTokenKind.OpenParenthesis or SqlTokenKind.OpenBracket)
            {
                depth++;
            }
            else if (kind is SqlTokenKind.CloseParenthesis or SqlTokenKind.CloseBracket)
            {
                depth--;
            }

            Position++;
        }
        while (depth > 0 && !AtEnd);
    }

    /// <summary>Skips forward at this nesting level to <paramref name="keyword"/>; true (positioned on it) when found.</summary>
    public bool SkipTo(string keyword)
    {
        while (!AtEnd)
        {
            if (IsKeyword(keyword))
            {
                return true;
            }

            Skip();
        }

        return false;
    }

    /// <summary>The rest of the tokens cut at commas outside parentheses, each part as its own reader.</summary>
    public IReadOnlyList<StatementReader> SplitAtCommas()
    {
        var parts = new List<StatementReader>();
        var start = Position;
        while (!AtEnd)
        {
            if (Current.Kind == SqlTokenKind.Comma)
            {
                parts.Add(new StatementReader(_source, _tokens, start, Position));
                Position++;
                start = Position;
                continue;
            }

            Skip();
        }

        if (start < _end)
        {
            parts.Add(new StatementReader(_source, _tokens, start, _end));
        }

        return parts;
    }

    private static string Unquote(string quoted)
    {
        var inner = quoted.Length >= 2 && quoted[^1] == '"' ? quoted[1..^1] : quoted[1..];
        return inner.Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
