namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Groups tokens into statements as psql does: a <c>;</c> ends a statement only outside parentheses (multi-action
/// rules put <c>;</c> inside them) and outside a <c>BEGIN ATOMIC … END</c> routine body, where <c>CASE … END</c> nests.
/// </summary>
internal static class SqlStatementSplitter
{
    public static SqlScript Split(string text, List<SqlToken> tokenList)
    {
        var script = new SqlScript(text, tokenList);
        var tokens = script.Tokens;
        var source = text.AsSpan();
        var statements = new List<SqlStatement>();
        var directives = new List<SqlDirective>();
        var metaCommands = new List<SqlToken>();
        var unbalanced = new List<SqlToken>();
        var openParentheses = new Stack<int>();
        var leadingComments = new List<SqlToken>();
        var statementDirectives = new List<SqlDirective>();
        var firstToken = -1;
        var lastSignificant = -1;
        var atomicDepth = 0;
        var previousStatementLastLine = 0;

        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case SqlTokenKind.Whitespace:
                    continue;
                case SqlTokenKind.LineComment or SqlTokenKind.BlockComment:
                    if (token.Kind == SqlTokenKind.LineComment && StartsLine(source, token)
                        && SqlDirective.TryParse(source, token, out var directive))
                    {
                        directives.Add(directive);
                        if (firstToken < 0)
                        {
                            statementDirectives.Add(directive);
                        }
                    }

                    // A comment after a statement on its last line describes that statement, not the next one.
                    if (firstToken < 0 && (statements.Count == 0 || token.Line != previousStatementLastLine))
                    {
                        leadingComments.Add(token);
                    }

                    continue;
                case SqlTokenKind.MetaCommand:
                    metaCommands.Add(token);
                    continue;
            }

            if (firstToken < 0)
            {
                if (token.Kind == SqlTokenKind.Semicolon)
                {
                    continue;
                }

                firstToken = i;
            }

            lastSignificant = i;
            switch (token.Kind)
            {
                case SqlTokenKind.OpenParenthesis:
                    openParentheses.Push(i);
                    break;
                case SqlTokenKind.CloseParenthesis:
                    if (!openParentheses.TryPop(out _))
                    {
                        unbalanced.Add(token);
                    }

                    break;
                case SqlTokenKind.Identifier:
                    if (atomicDepth > 0)
                    {
                        if (token.IsKeyword(source, "CASE"))
                        {
                            atomicDepth++;
                        }
                        else if (token.IsKeyword(source, "END"))
                        {
                            atomicDepth--;
                        }
                    }
                    else if (openParentheses.Count == 0 && token.IsKeyword(source, "BEGIN")
                        && NextSignificant(tokens, i + 1) is var atomic and >= 0 && tokens[atomic].IsKeyword(source, "ATOMIC")
                        && IsRoutineDefinition(source, tokens, firstToken, i))
                    {
                        atomicDepth = 1;
                        i = atomic;
                        lastSignificant = atomic;
                    }

                    break;
                case SqlTokenKind.Semicolon when openParentheses.Count == 0 && atomicDepth == 0:
                    statements.Add(CreateStatement(script, statements.Count, firstToken, i, leadingComments, statementDirectives));
                    previousStatementLastLine = token.Line;
                    firstToken = -1;
                    leadingComments.Clear();
                    statementDirectives.Clear();
                    break;
            }
        }

        if (firstToken >= 0)
        {
            statements.Add(CreateStatement(script, statements.Count, firstToken, lastSignificant, leadingComments, statementDirectives));
            // An unterminated literal or comment swallowed the closing parenthesis; it is reported once, as itself.
            var swallowed = tokens.Length > 0 && tokens[^1].IsUnterminated;
            if (openParentheses.Count > 0 && !swallowed)
            {
                var outermost = 0;
                foreach (var index in openParentheses)
                {
                    outermost = index;
                }

                unbalanced.Add(tokens[outermost]);
                unbalanced.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            }
        }

        var fileDirectives = new List<SqlDirective>();
        var firstStatementStart = statements.Count > 0 ? statements[0].Start : int.MaxValue;
        foreach (var directive in directives)
        {
            if (directive.IsFileLevel && directive.Start < firstStatementStart)
            {
                fileDirectives.Add(directive);
            }
        }

        script.Statements = statements;
        script.Directives = directives;
        script.FileDirectives = fileDirectives;
        script.MetaCommands = metaCommands;
        script.UnbalancedParentheses = unbalanced;
        return script;
    }

    private static SqlStatement CreateStatement(
        SqlScript script,
        int index,
        int firstToken,
        int lastToken,
        List<SqlToken> leadingComments,
        List<SqlDirective> directives)
    {
        List<SqlDirective>? statementDirectives = null;
        foreach (var directive in directives)
        {
            if (directive.Kind == SqlDirectiveKind.Disable)
            {
                (statementDirectives ??= []).Add(directive);
            }
        }

        IReadOnlyList<SqlToken> comments = leadingComments.Count == 0 ? [] : leadingComments.ToArray();
        return new SqlStatement(script, index, firstToken, lastToken - firstToken + 1, comments, (IReadOnlyList<SqlDirective>?)statementDirectives ?? []);
    }

    private static int NextSignificant(ReadOnlySpan<SqlToken> tokens, int index)
    {
        for (; index < tokens.Length; index++)
        {
            if (!tokens[index].IsTrivia && tokens[index].Kind != SqlTokenKind.MetaCommand)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>CREATE [OR REPLACE] FUNCTION|PROCEDURE: the only statements whose body may be BEGIN ATOMIC.</summary>
    private static bool IsRoutineDefinition(ReadOnlySpan<char> source, ReadOnlySpan<SqlToken> tokens, int firstToken, int beginToken)
    {
        Span<int> words = stackalloc int[4];
        var count = 0;
        for (var i = firstToken; i < beginToken && count < words.Length; i = NextSignificant(tokens, i + 1))
        {
            if (i < 0)
            {
                break;
            }

            words[count++] = i;
        }

        if (count < 2 || !tokens[words[0]].IsKeyword(source, "CREATE"))
        {
            return false;
        }

        var kind = 1;
        if (tokens[words[1]].IsKeyword(source, "OR"))
        {
            if (count < 4 || !tokens[words[2]].IsKeyword(source, "REPLACE"))
            {
                return false;
            }

            kind = 3;
        }

        return tokens[words[kind]].IsKeyword(source, "FUNCTION") || tokens[words[kind]].IsKeyword(source, "PROCEDURE");
    }

    /// <summary>Directives are comment lines: nothing but whitespace may precede them on their line.</summary>
    private static bool StartsLine(ReadOnlySpan<char> source, SqlToken token)
    {
        var lineStart = token.Start - (token.Column - 1);
        return source[lineStart..token.Start].IsWhiteSpace();
    }
}
