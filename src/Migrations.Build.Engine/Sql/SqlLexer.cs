namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Splits SQL text into tokens by PostgreSQL's scanner rules (standard_conforming_strings on, as since 9.1).
/// A ref struct over a span so that reading a script allocates nothing per token; the scanner never throws,
/// and an unterminated literal or comment runs to the end of the text with <see cref="SqlToken.IsUnterminated"/> set.
/// </summary>
internal ref struct SqlLexer
{
    private const char ByteOrderMark = '\uFEFF';

    private readonly ReadOnlySpan<char> _text;
    private int _position;
    private int _line;
    private int _lineStart;

    public SqlLexer(ReadOnlySpan<char> text)
    {
        _text = text;
        _line = 1;
        // A BOM is not part of what an editor shows, so line 1 columns count from after it.
        _lineStart = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
    }

    /// <summary>Where the next token starts.</summary>
    public readonly int Position => _position;

    /// <summary>All tokens of <paramref name="text"/>, trivia included.</summary>
    public static SqlToken[] Tokenize(ReadOnlySpan<char> text) => Read(text).ToArray();

    internal static List<SqlToken> Read(ReadOnlySpan<char> text)
    {
        // Migrations average a token per five or six characters; guessing close avoids regrowing the list.
        var tokens = new List<SqlToken>(Math.Max(16, text.Length / 5));
        var lexer = new SqlLexer(text);
        while (lexer.TryRead(out var token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    /// <summary>Reads the next token; false at the end of the text.</summary>
    public bool TryRead(out SqlToken token)
    {
        var text = _text;
        var start = _position;
        if (start >= text.Length)
        {
            token = default;
            return false;
        }

        var line = _line;
        var column = start - _lineStart + 1;
        var kind = SqlTokenKind.Unknown;
        var unterminated = false;
        int end;
        var c = text[start];
        switch (c)
        {
            case ' ' or '\t' or '\n' or '\r' or '\f' or '\v':
                end = ScanWhitespace(start);
                token = new SqlToken(SqlTokenKind.Whitespace, start, end - start, line, column);
                _position = end;
                return true;
            case ByteOrderMark when start == 0:
                kind = SqlTokenKind.Whitespace;
                end = 1;
                column = 1;
                break;
            case '-' when Peek(start + 1) == '-':
                kind = SqlTokenKind.LineComment;
                end = ScanToLineEnd(start + 2);
                break;
            case '/' when Peek(start + 1) == '*':
                kind = SqlTokenKind.BlockComment;
                end = ScanBlockComment(start, out unterminated);
                CountLineBreaks(start + 2, end);
                break;
            case '\'':
                kind = SqlTokenKind.StringLiteral;
                end = ScanQuoted(start + 1, '\'', out unterminated);
                CountLineBreaks(start + 1, end);
                break;
            case '"':
                kind = SqlTokenKind.QuotedIdentifier;
                end = ScanQuoted(start + 1, '"', out unterminated);
                CountLineBreaks(start + 1, end);
                break;
            case '$':
                end = ScanDollar(start, out kind, out unterminated);
                if (kind == SqlTokenKind.DollarString)
                {
                    CountLineBreaks(start + 2, end);
                }

                break;
            case >= '0' and <= '9':
                end = ScanNumber(start, out kind);
                break;
            case '.':
                if (Peek(start + 1) == '.')
                {
                    kind = SqlTokenKind.DotDot;
                    end = start + 2;
                }
                else if (IsDigit(Peek(start + 1)))
                {
                    end = ScanNumber(start, out kind);
                }
                else
                {
                    kind = SqlTokenKind.Dot;
                    end = start + 1;
                }

                break;
            case '(':
                kind = SqlTokenKind.OpenParenthesis;
                end = start + 1;
                break;
            case ')':
                kind = SqlTokenKind.CloseParenthesis;
                end = start + 1;
                break;
            case '[':
                kind = SqlTokenKind.OpenBracket;
                end = start + 1;
                break;
            case ']':
                kind = SqlTokenKind.CloseBracket;
                end = start + 1;
                break;
            case ',':
                kind = SqlTokenKind.Comma;
                end = start + 1;
                break;
            case ';':
                kind = SqlTokenKind.Semicolon;
                end = start + 1;
                break;
            case ':':
                switch (Peek(start + 1))
                {
                    case ':':
                        kind = SqlTokenKind.Cast;
                        end = start + 2;
                        break;
                    case '=':
                        kind = SqlTokenKind.Operator;
                        end = start + 2;
                        break;
                    default:
                        kind = SqlTokenKind.Colon;
                        end = start + 1;
                        break;
                }

                break;
            case '\\':
                // psql takes any backslash outside quotes as the start of a meta-command running to the end of the line.
                kind = SqlTokenKind.MetaCommand;
                end = ScanToLineEnd(start + 1);
                break;
            default:
                if (IsOperatorChar(c))
                {
                    kind = SqlTokenKind.Operator;
                    end = ScanOperator(start);
                }
                else if (IsIdentifierStart(c))
                {
                    end = ScanIdentifierOrPrefixedLiteral(start, out kind, out unterminated);
                }
                else
                {
                    end = start + 1;
                }

                break;
        }

        token = new SqlToken(kind, start, end - start, line, column, unterminated);
        _position = end;
        return true;
    }

    private readonly char Peek(int index) => (uint)index < (uint)_text.Length ? _text[index] : '\0';

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsIdentifierStart(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_' || c >= 0x80;

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c) || c == '$';

    private static bool IsDollarTagPart(char c) => IsIdentifierStart(c) || IsDigit(c);

    private static bool IsOperatorChar(char c) => c switch
    {
        '+' or '-' or '*' or '/' or '<' or '>' or '=' or '~' or '!' or '@' or '#' or '%' or '^' or '&' or '|' or '`' or '?' => true,
        _ => false,
    };

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private int ScanWhitespace(int index)
    {
        var text = _text;
        while (index < text.Length)
        {
            var c = text[index];
            if (c == '\n')
            {
                // The LF of a CRLF split from its CR (never by this scanner, but cheap to honour) is not a second break.
                if (index == 0 || text[index - 1] != '\r' || _lineStart != index)
                {
                    _line++;
                }

                _lineStart = index + 1;
            }
            else if (c == '\r')
            {
                _line++;
                _lineStart = index + 1;
                if (index + 1 < text.Length && text[index + 1] == '\n')
                {
                    index++;
                    _lineStart = index + 1;
                }
            }
            else if (c is not (' ' or '\t' or '\f' or '\v'))
            {
                break;
            }

            index++;
        }

        return index;
    }

    /// <summary>Advances the line count over the line breaks in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private void CountLineBreaks(int from, int to)
    {
        var text = _text;
        var index = from;
        while (index < to)
        {
            var offset = text[index..to].IndexOfAny('\r', '\n');
            if (offset < 0)
            {
                return;
            }

            index += offset;
            _line++;
            if (text[index] == '\r' && index + 1 < to && text[index + 1] == '\n')
            {
                index++;
            }

            index++;
            _lineStart = index;
        }
    }

    private readonly int ScanToLineEnd(int index)
    {
        var offset = _text[index..].IndexOfAny('\r', '\n');
        return offset < 0 ? _text.Length : index + offset;
    }

    private readonly int ScanBlockComment(int start, out bool unterminated)
    {
        var text = _text;
        var depth = 1;
        var index = start + 2;
        while (true)
        {
            var offset = text[index..].IndexOfAny('*', '/');
            if (offset < 0)
            {
                unterminated = true;
                return text.Length;
            }

            index += offset;
            if (text[index] == '*' && index + 1 < text.Length && text[index + 1] == '/')
            {
                index += 2;
                if (--depth == 0)
                {
                    unterminated = false;
                    return index;
                }
            }
            else if (text[index] == '/' && index + 1 < text.Length && text[index + 1] == '*')
            {
                index += 2;
                depth++;
            }
            else
            {
                index++;
            }
        }
    }

    /// <summary>Scans a body closed by <paramref name="quote"/>, where a doubled quote stands for one.</summary>
    private readonly int ScanQuoted(int index, char quote, out bool unterminated)
    {
        var text = _text;
        while (true)
        {
            var offset = text[index..].IndexOf(quote);
            if (offset < 0)
            {
                unterminated = true;
                return text.Length;
            }

            index += offset + 1;
            if (index < text.Length && text[index] == quote)
            {
                index++;
                continue;
            }

            unterminated = false;
            return index;
        }
    }

    /// <summary>E'…': a backslash escapes whatever follows it, including a quote.</summary>
    private readonly int ScanEscapeString(int index, out bool unterminated)
    {
        var text = _text;
        while (true)
        {
            var offset = text[index..].IndexOfAny('\'', '\\');
            if (offset < 0)
            {
                unterminated = true;
                return text.Length;
            }

            index += offset;
            if (text[index] == '\\')
            {
                index += 2;
                if (index >= text.Length)
                {
                    unterminated = true;
                    return text.Length;
                }

                continue;
            }

            index++;
            if (index < text.Length && text[index] == '\'')
            {
                index++;
                continue;
            }

            unterminated = false;
            return index;
        }
    }

    /// <summary>B'…' and X'…': PostgreSQL ends these at the first quote (a doubled quote is not an escape there).</summary>
    private readonly int ScanToQuote(int index, out bool unterminated)
    {
        var offset = _text[index..].IndexOf('\'');
        unterminated = offset < 0;
        return offset < 0 ? _text.Length : index + offset + 1;
    }

    private readonly int ScanDollar(int start, out SqlTokenKind kind, out bool unterminated)
    {
        var text = _text;
        unterminated = false;
        var index = start + 1;
        if (IsDigit(Peek(index)))
        {
            kind = SqlTokenKind.Parameter;
            while (IsDigit(Peek(index)))
            {
                index++;
            }

            return index;
        }

        if (IsIdentifierStart(Peek(index)))
        {
            index++;
            while (IsDollarTagPart(Peek(index)))
            {
                index++;
            }
        }

        if (Peek(index) != '$')
        {
            // "$abc" without a closing "$" is no dollar quote; PostgreSQL then returns the "$" alone.
            kind = SqlTokenKind.Unknown;
            return start + 1;
        }

        kind = SqlTokenKind.DollarString;
        var delimiter = text[start..(index + 1)];
        var bodyStart = index + 1;
        var offset = text[bodyStart..].IndexOf(delimiter, StringComparison.Ordinal);
        if (offset < 0)
        {
            unterminated = true;
            return text.Length;
        }

        return bodyStart + offset + delimiter.Length;
    }

    private readonly int ScanNumber(int start, out SqlTokenKind kind)
    {
        var text = _text;
        kind = SqlTokenKind.IntegerLiteral;
        if (text[start] == '0')
        {
            var radixEnd = (Peek(start + 1) | 0x20) switch
            {
                'x' => ScanDigits(start + 2, static c => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a', leadingSeparator: true),
                'o' => ScanDigits(start + 2, static c => (uint)(c - '0') <= 7, leadingSeparator: true),
                'b' => ScanDigits(start + 2, static c => c is '0' or '1', leadingSeparator: true),
                _ => -1,
            };
            if (radixEnd > start + 2)
            {
                return radixEnd;
            }
        }

        var index = text[start] == '.' ? start : ScanDigits(start, IsDigit, leadingSeparator: false);
        if (Peek(index) == '.' && Peek(index + 1) != '.')
        {
            // "1..10" is an integer followed by "..", as in PL/pgSQL FOR loops.
            kind = SqlTokenKind.NumericLiteral;
            index++;
            if (IsDigit(Peek(index)))
            {
                index = ScanDigits(index, IsDigit, leadingSeparator: false);
            }
        }

        if ((Peek(index) | 0x20) == 'e')
        {
            var exponent = index + 1;
            if (Peek(exponent) is '+' or '-')
            {
                exponent++;
            }

            if (IsDigit(Peek(exponent)))
            {
                kind = SqlTokenKind.NumericLiteral;
                index = ScanDigits(exponent, IsDigit, leadingSeparator: false);
            }
        }

        return index;
    }

    /// <summary>Digits with single <c>_</c> separators between them (PostgreSQL 16); returns where the run ends.</summary>
    private readonly int ScanDigits(int index, Func<char, bool> isDigit, bool leadingSeparator)
    {
        var text = _text;
        if (!leadingSeparator)
        {
            if (index >= text.Length || !isDigit(text[index]))
            {
                return index;
            }

            index++;
        }

        while (index < text.Length)
        {
            if (isDigit(text[index]))
            {
                index++;
            }
            else if (text[index] == '_' && index + 1 < text.Length && isDigit(text[index + 1]))
            {
                index += 2;
            }
            else
            {
                break;
            }
        }

        return index;
    }

    private readonly int ScanOperator(int start)
    {
        var text = _text;
        var end = start + 1;
        while (end < text.Length && IsOperatorChar(text[end]))
        {
            // A comment start ends the operator: "*--x" is "*" then a comment.
            if ((text[end] == '-' && text[end - 1] == '-') || (text[end] == '*' && text[end - 1] == '/'))
            {
                end--;
                break;
            }

            end++;
        }

        var length = end - start;
        if (length > 1 && text[end - 1] is '+' or '-')
        {
            // SQL compatibility: a multi-character operator ends in + or - only if it holds a character SQL
            // operators never use, so "=-1" is "=" then "-1" while "@-" stays one operator.
            var hasNonSqlChar = false;
            for (var i = start; i < end - 1; i++)
            {
                if (text[i] is '~' or '!' or '@' or '#' or '^' or '&' or '|' or '`' or '?' or '%')
                {
                    hasNonSqlChar = true;
                    break;
                }
            }

            if (!hasNonSqlChar)
            {
                do
                {
                    end--;
                }
                while (end - start > 1 && text[end - 1] is '+' or '-');
            }
        }

        return end;
    }

    private int ScanIdentifierOrPrefixedLiteral(int start, out SqlTokenKind kind, out bool unterminated)
    {
        var text = _text;
        unterminated = false;
        var next = Peek(start + 1);
        if (next == '\'')
        {
            var bodyStart = start + 2;
            int end;
            switch (text[start] | 0x20)
            {
                case 'e':
                    kind = SqlTokenKind.EscapeString;
                    end = ScanEscapeString(bodyStart, out unterminated);
                    break;
                case 'b':
                    kind = SqlTokenKind.BitString;
                    end = ScanToQuote(bodyStart, out unterminated);
                    break;
                case 'x':
                    kind = SqlTokenKind.HexString;
                    end = ScanToQuote(bodyStart, out unterminated);
                    break;
                case 'n':
                    kind = SqlTokenKind.NationalString;
                    end = ScanQuoted(bodyStart, '\'', out unterminated);
                    break;
                default:
                    goto identifier;
            }

            CountLineBreaks(bodyStart, end);
            return end;
        }

        if ((text[start] | 0x20) == 'u' && next == '&' && Peek(start + 2) is '\'' or '"')
        {
            var quote = text[start + 2];
            kind = quote == '\'' ? SqlTokenKind.UnicodeString : SqlTokenKind.UnicodeQuotedIdentifier;
            var end = ScanQuoted(start + 3, quote, out unterminated);
            CountLineBreaks(start + 3, end);
            if (!unterminated)
            {
                var uescapeEnd = ScanUescapeClause(end);
                if (uescapeEnd > end)
                {
                    CountLineBreaks(end, uescapeEnd);
                    end = uescapeEnd;
                }
            }

            return end;
        }

    identifier:
        kind = SqlTokenKind.Identifier;
        var index = start + 1;
        while (index < text.Length && IsIdentifierPart(text[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// Where a complete <c>UESCAPE '&lt;c&gt;'</c> clause after a Unicode literal ends, or <paramref name="index"/> when
    /// there is none; anything less than a complete clause is left to be scanned as ordinary tokens.
    /// </summary>
    private readonly int ScanUescapeClause(int index)
    {
        var text = _text;
        var keyword = index;
        while (keyword < text.Length && IsWhitespace(text[keyword]))
        {
            keyword++;
        }

        const string Uescape = "UESCAPE";
        if (keyword + Uescape.Length > text.Length
            || !text.Slice(keyword, Uescape.Length).Equals(Uescape, StringComparison.OrdinalIgnoreCase)
            || (keyword + Uescape.Length < text.Length && IsIdentifierPart(text[keyword + Uescape.Length])))
        {
            return index;
        }

        var quote = keyword + Uescape.Length;
        while (quote < text.Length && IsWhitespace(text[quote]))
        {
            quote++;
        }

        if (Peek(quote) != '\'')
        {
            return index;
        }

        if (Peek(quote + 1) == '\'' && Peek(quote + 2) == '\'' && Peek(quote + 3) == '\'')
        {
            return quote + 4;
        }

        return Peek(quote + 1) != '\'' && Peek(quote + 2) == '\'' && quote + 2 < text.Length ? quote + 3 : index;
    }
}
