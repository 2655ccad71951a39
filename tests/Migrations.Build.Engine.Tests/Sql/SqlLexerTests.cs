using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

[TestClass]
public sealed class SqlLexerTests
{
    /// <summary>Significant tokens as "Kind:text", joined by spaces-and-bars so each case reads on one line.</summary>
    private static string Lex(string text) =>
        string.Join(" | ", SqlLexer.Tokenize(text)
            .Where(token => token.Kind != SqlTokenKind.Whitespace)
            .Select(token => $"{token.Kind}:{token.GetString(text)}{(token.IsUnterminated ? "(unterminated)" : string.Empty)}"));

    private static SqlToken Single(string text, SqlTokenKind kind) =>
        SqlLexer.Tokenize(text).Single(token => token.Kind == kind);

    [TestMethod]
    public void Empty_text_has_no_tokens() => Assert.AreEqual(0, SqlLexer.Tokenize(string.Empty).Length);

    [TestMethod]
    public void Tokens_cover_the_text_without_gaps()
    {
        const string Text = "SELECT a$b, \"x\"\"y\", E'\\'', $1 FROM t -- c\n/* a /* b */ */;";
        var position = 0;
        foreach (var token in SqlLexer.Tokenize(Text))
        {
            Assert.AreEqual(position, token.Start);
            position = token.End;
        }

        Assert.AreEqual(Text.Length, position);
    }

    [TestMethod]
    [DataRow(" \t\r\n\f\v", "")]
    [DataRow("-- note ; 'x'\nSELECT", "LineComment:-- note ; 'x' | Identifier:SELECT")]
    [DataRow("--", "LineComment:--")]
    [DataRow("/* a /* nested */ still ; */x", "BlockComment:/* a /* nested */ still ; */ | Identifier:x")]
    [DataRow("/* open", "BlockComment:/* open(unterminated)")]
    [DataRow("/* a /* b */", "BlockComment:/* a /* b */(unterminated)")]
    [DataRow("/**/", "BlockComment:/**/")]
    public void Whitespace_and_comments(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("'it''s'", "StringLiteral:'it''s'")]
    [DataRow("'a\\'", "StringLiteral:'a\\'")]
    [DataRow("''", "StringLiteral:''")]
    [DataRow("'open", "StringLiteral:'open(unterminated)")]
    [DataRow("'a'''", "StringLiteral:'a'''")]
    [DataRow("'a'\n'b'", "StringLiteral:'a' | StringLiteral:'b'")]
    [DataRow("E'it\\'s'", "EscapeString:E'it\\'s'")]
    [DataRow("e'a\\\\' x", "EscapeString:e'a\\\\' | Identifier:x")]
    [DataRow("E'a''b'", "EscapeString:E'a''b'")]
    [DataRow("E'a\\'", "EscapeString:E'a\\'(unterminated)")]
    [DataRow("E'a\\", "EscapeString:E'a\\(unterminated)")]
    [DataRow("U&'d\\0061t'", "UnicodeString:U&'d\\0061t'")]
    [DataRow("u&'d!0061t' UESCAPE '!' x", "UnicodeString:u&'d!0061t' UESCAPE '!' | Identifier:x")]
    [DataRow("U&'a' uescape ''''", "UnicodeString:U&'a' uescape ''''")]
    [DataRow("U&'a' UESCAPE 'ab'", "UnicodeString:U&'a' | Identifier:UESCAPE | StringLiteral:'ab'")]
    [DataRow("U&\"d\\0061t\" UESCAPE '\\'", "UnicodeQuotedIdentifier:U&\"d\\0061t\" UESCAPE '\\'")]
    [DataRow("U&x", "Identifier:U | Operator:& | Identifier:x")]
    [DataRow("B'1010' X'1F' b'0'", "BitString:B'1010' | HexString:X'1F' | BitString:b'0'")]
    [DataRow("B'01''10'", "BitString:B'01' | StringLiteral:'10'")]
    [DataRow("X'1F", "HexString:X'1F(unterminated)")]
    [DataRow("N'nat''l'", "NationalString:N'nat''l'")]
    [DataRow("n'x", "NationalString:n'x(unterminated)")]
    public void String_literals(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("\"My \"\"Table\"\"\"", "QuotedIdentifier:\"My \"\"Table\"\"\"")]
    [DataRow("\"open", "QuotedIdentifier:\"open(unterminated)")]
    [DataRow("\"a\".b", "QuotedIdentifier:\"a\" | Dot:. | Identifier:b")]
    [DataRow("U&\"x", "UnicodeQuotedIdentifier:U&\"x(unterminated)")]
    [DataRow("_a1$b ábc", "Identifier:_a1$b | Identifier:ábc")]
    [DataRow("a$$b", "Identifier:a$$b")]
    [DataRow("Ebc E 'x' ex", "Identifier:Ebc | Identifier:E | StringLiteral:'x' | Identifier:ex")]
    public void Identifiers(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("$$a;'b$$", "DollarString:$$a;'b$$")]
    [DataRow("$fn$ x $$ y $fn$", "DollarString:$fn$ x $$ y $fn$")]
    [DataRow("$a$ $A$ $a$", "DollarString:$a$ $A$ $a$")]
    [DataRow("$a$ $ab$ $a$", "DollarString:$a$ $ab$ $a$")]
    [DataRow("$_t1$x$_t1$", "DollarString:$_t1$x$_t1$")]
    [DataRow("$1 $23", "Parameter:$1 | Parameter:$23")]
    [DataRow("$1$", "Parameter:$1 | Unknown:$")]
    [DataRow("$body$ open", "DollarString:$body$ open(unterminated)")]
    [DataRow("$$", "DollarString:$$(unterminated)")]
    [DataRow("$a b", "Unknown:$ | Identifier:a | Identifier:b")]
    [DataRow("x$$y$$", "Identifier:x$$y$$")]
    [DataRow("x $$y$$", "Identifier:x | DollarString:$$y$$")]
    public void Dollar_quotes_and_parameters(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("42 3.5 .5 5. 1e10 1.5E-3 2e+7", "IntegerLiteral:42 | NumericLiteral:3.5 | NumericLiteral:.5 | NumericLiteral:5. | NumericLiteral:1e10 | NumericLiteral:1.5E-3 | NumericLiteral:2e+7")]
    [DataRow("0x1F 0X_ff 0o17 0b1010 0b1_0", "IntegerLiteral:0x1F | IntegerLiteral:0X_ff | IntegerLiteral:0o17 | IntegerLiteral:0b1010 | IntegerLiteral:0b1_0")]
    [DataRow("1_000_000 1_000.000_1", "IntegerLiteral:1_000_000 | NumericLiteral:1_000.000_1")]
    [DataRow("1__0", "IntegerLiteral:1 | Identifier:__0")]
    [DataRow("1..10", "IntegerLiteral:1 | DotDot:.. | IntegerLiteral:10")]
    [DataRow("1e", "IntegerLiteral:1 | Identifier:e")]
    [DataRow("0x", "IntegerLiteral:0 | Identifier:x")]
    public void Numbers(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("a<>b", "Identifier:a | Operator:<> | Identifier:b")]
    [DataRow("a>=b<=c!=d", "Identifier:a | Operator:>= | Identifier:b | Operator:<= | Identifier:c | Operator:!= | Identifier:d")]
    [DataRow("x::int", "Identifier:x | Cast::: | Identifier:int")]
    [DataRow("j->>'k'", "Identifier:j | Operator:->> | StringLiteral:'k'")]
    [DataRow("j->'k'", "Identifier:j | Operator:-> | StringLiteral:'k'")]
    [DataRow("a||b", "Identifier:a | Operator:|| | Identifier:b")]
    [DataRow("a@>b", "Identifier:a | Operator:@> | Identifier:b")]
    [DataRow("a=-1", "Identifier:a | Operator:= | Operator:- | IntegerLiteral:1")]
    [DataRow("a@-b", "Identifier:a | Operator:@- | Identifier:b")]
    [DataRow("a*-- c", "Identifier:a | Operator:* | LineComment:-- c")]
    [DataRow("a+/* c */b", "Identifier:a | Operator:+ | BlockComment:/* c */ | Identifier:b")]
    [DataRow("a := 1", "Identifier:a | Operator::= | IntegerLiteral:1")]
    [DataRow("a[1:2]", "Identifier:a | OpenBracket:[ | IntegerLiteral:1 | Colon:: | IntegerLiteral:2 | CloseBracket:]")]
    [DataRow("f(a, b);", "Identifier:f | OpenParenthesis:( | Identifier:a | Comma:, | Identifier:b | CloseParenthesis:) | Semicolon:;")]
    [DataRow("{", "Unknown:{")]
    public void Operators_and_punctuation(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("\\i other.sql\nSELECT 1", "MetaCommand:\\i other.sql | Identifier:SELECT | IntegerLiteral:1")]
    [DataRow("  \\set ON_ERROR_STOP on\r\n", "MetaCommand:\\set ON_ERROR_STOP on")]
    [DataRow("SELECT 1 \\gset", "Identifier:SELECT | IntegerLiteral:1 | MetaCommand:\\gset")]
    [DataRow("SELECT '\\i' , E'\\\\'", "Identifier:SELECT | StringLiteral:'\\i' | Comma:, | EscapeString:E'\\\\'")]
    public void Psql_meta_commands(string text, string expected) => Assert.AreEqual(expected, Lex(text));

    [TestMethod]
    [DataRow("\n")]
    [DataRow("\r\n")]
    [DataRow("\r")]
    public void Each_line_break_style_counts_once(string lineBreak)
    {
        var text = $"SELECT{lineBreak}{lineBreak}  x{lineBreak}y";
        var tokens = SqlLexer.Tokenize(text).Where(token => !token.IsTrivia).ToArray();
        Assert.AreEqual((1, 1), (tokens[0].Line, tokens[0].Column));
        Assert.AreEqual((3, 3), (tokens[1].Line, tokens[1].Column));
        Assert.AreEqual((4, 1), (tokens[2].Line, tokens[2].Column));
    }

    [TestMethod]
    [DataRow("'a\nb\r\nc\rd' x", 4, 4)]
    [DataRow("E'a\\\nb' x", 2, 4)]
    [DataRow("/* a\r\n /* b\n */ c\r\n*/ x", 4, 4)]
    [DataRow("$fn$\nbegin\r\nend;\n$fn$ x", 4, 6)]
    [DataRow("\"a\nb\" x", 2, 4)]
    [DataRow("U&'a\n' UESCAPE\n'!' x", 3, 5)]
    [DataRow("-- c\r\nx", 2, 1)]
    public void Positions_after_multi_line_tokens(string text, int line, int column)
    {
        var last = SqlLexer.Tokenize(text)[^1];
        Assert.AreEqual("x", last.GetString(text));
        Assert.AreEqual((line, column), (last.Line, last.Column));
    }

    [TestMethod]
    public void Byte_order_mark_is_whitespace_and_not_a_column()
    {
        var withBom = "\uFEFFCREATE TABLE t ()";
        var tokens = SqlLexer.Tokenize(withBom);
        Assert.AreEqual(SqlTokenKind.Whitespace, tokens[0].Kind);
        Assert.AreEqual(SqlTokenKind.Identifier, tokens[1].Kind);
        Assert.AreEqual("CREATE", tokens[1].GetString(withBom));
        Assert.AreEqual((1, 1), (tokens[1].Line, tokens[1].Column));
        Assert.AreEqual((1, 8), (tokens[3].Line, tokens[3].Column));
    }

    [TestMethod]
    public void Columns_count_utf16_characters()
    {
        const string Text = "SELECT '😀é' x";
        var last = SqlLexer.Tokenize(Text)[^1];
        Assert.AreEqual(14, last.Column);
    }

    [TestMethod]
    public void Keyword_comparison_ignores_case_but_not_quotes()
    {
        const string Text = "create \"CREATE\"";
        var tokens = SqlLexer.Tokenize(Text);
        Assert.IsTrue(tokens[0].IsKeyword(Text, "CREATE"));
        Assert.IsFalse(tokens[2].IsKeyword(Text, "CREATE"));
    }

    [TestMethod]
    public void Single_token_kinds_report_unterminated_only_when_open()
    {
        Assert.IsFalse(Single("$$ok$$", SqlTokenKind.DollarString).IsUnterminated);
        Assert.IsTrue(Single("$x$ open $y$", SqlTokenKind.DollarString).IsUnterminated);
    }
}
