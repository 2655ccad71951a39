using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

[TestClass]
public sealed class SqlSyntaxCheckerTests
{
    private const string File = "migrations/20250210000000_x.sql";

    /// <summary>Diagnostics as "CODE(line,col)", in order.</summary>
    private static string Check(string text) =>
        string.Join(" ", SqlSyntaxChecker.Check(File, text).Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})"));

    [TestMethod]
    [DataRow("SELECT 'it''s';")]
    [DataRow("SELECT E'it\\'s', U&'\\0041', B'1', X'F', N'n';")]
    [DataRow("SELECT \"a\"\"b\";")]
    [DataRow("DO $do$ BEGIN RAISE NOTICE 'x;'; END $do$;")]
    [DataRow("/* a /* b */ c */ SELECT 1;")]
    [DataRow("SELECT (1 + (2));")]
    [DataRow("(SELECT 1) UNION (SELECT 2);")]
    [DataRow("with x as (select 1) select * from x;")]
    [DataRow("")]
    [DataRow("-- just a comment")]
    public void Valid_text_has_no_diagnostics(string text) => Assert.AreEqual(string.Empty, Check(text));

    [TestMethod]
    [DataRow("SELECT 'open;\nSELECT 2;", "MIG0101(1,8)")]
    [DataRow("SELECT 1;\nSELECT E'it\\'s;", "MIG0101(2,8)")]
    [DataRow("SELECT U&'x", "MIG0101(1,8)")]
    [DataRow("SELECT B'01", "MIG0101(1,8)")]
    [DataRow("SELECT X'0F", "MIG0101(1,8)")]
    [DataRow("SELECT N'x", "MIG0101(1,8)")]
    [DataRow("SELECT \"open;\r\nSELECT 2;", "MIG0102(1,8)")]
    [DataRow("SELECT U&\"open", "MIG0102(1,8)")]
    [DataRow("DO $body$\nBEGIN\nEND $bdy$;", "MIG0103(1,4)")]
    [DataRow("DO $$ BEGIN END;", "MIG0103(1,4)")]
    [DataRow("SELECT 1;\n  /* a /* b */\nSELECT 2;", "MIG0104(2,3)")]
    public void Unterminated_literals_and_comments_point_at_their_opening(string text, string expected) =>
        Assert.AreEqual(expected, Check(text));

    [TestMethod]
    [DataRow("SELECT (1;\nSELECT 2;", "MIG0105(1,8)")]
    [DataRow("SELECT ((1);", "MIG0105(1,8)")]
    [DataRow("SELECT 1);\nSELECT 2;", "MIG0105(1,9)")]
    [DataRow("SELECT 1));", "MIG0105(1,9) MIG0105(1,10)")]
    [DataRow("SELECT ')';", "")]
    [DataRow("SELECT 1 -- (\n;", "")]
    [DataRow("SELECT f(1) ) + (2;", "MIG0105(1,13) MIG0105(1,17)")]
    public void Unbalanced_parentheses(string text, string expected) => Assert.AreEqual(expected, Check(text));

    [TestMethod]
    public void Unterminated_string_that_swallows_a_closing_parenthesis_is_reported_once()
    {
        Assert.AreEqual("MIG0101(1,24)", Check("INSERT INTO (t VALUES ('x);\nSELECT 1;"));
        Assert.AreEqual("MIG0104(1,11)", Check("SELECT (1 /* ) ;"));
        Assert.AreEqual("MIG0105(1,8)", Check("SELECT (1 /* ) */;"));
    }

    [TestMethod]
    [DataRow("CRATE TABLE t (id int);", "CRATE", "CREATE")]
    [DataRow("ALTERR TABLE t ADD c int;", "ALTERR", "ALTER")]
    [DataRow("SELEC 1;", "SELEC", "SELECT")]
    [DataRow("insret into t values (1);", "insret", "INSERT")]
    [DataRow("UDPATE t SET a = 1;", "UDPATE", "UPDATE")]
    [DataRow("DORP TABLE t;", "DORP", "DROP")]
    [DataRow("GRNAT SELECT ON t TO r;", "GRNAT", "GRANT")]
    public void Misspelled_statement_keyword_gets_a_suggestion(string text, string word, string suggestion)
    {
        var diagnostic = SqlSyntaxChecker.Check(File, "SELECT 1;\n  " + text).Single();
        Assert.AreEqual("MIG0106", diagnostic.Code);
        Assert.AreEqual((2, 3), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.AreEqual($"'{word}' is not a PostgreSQL statement keyword; did you mean {suggestion}?", diagnostic.Message);
        Assert.IsTrue(diagnostic.IsError);
    }

    [TestMethod]
    [DataRow("FROBNICATE t;", "MIG0106(1,1)")]
    [DataRow("'x';", "MIG0106(1,1)")]
    [DataRow("\"CREATE\" TABLE t ();", "MIG0106(1,1)")]
    [DataRow("CREATE TABLE t (a int)\nCRATE TABLE u (a int);", "")]
    [DataRow("SELECT 1;\n42;", "MIG0106(2,1)")]
    public void Statement_that_does_not_start_with_a_keyword(string text, string expected) =>
        Assert.AreEqual(expected, Check(text));

    [TestMethod]
    public void Every_statement_keyword_is_accepted_in_any_case()
    {
        foreach (var keyword in PostgresStatementKeywords.All)
        {
            Assert.AreEqual(string.Empty, Check(keyword.ToLowerInvariant() + " x;"), keyword);
        }
    }

    [TestMethod]
    public void Unrelated_word_gets_no_suggestion()
    {
        var diagnostic = SqlSyntaxChecker.Check(File, "FROBNICATE t;").Single();
        StringAssert.StartsWith(diagnostic.Message, "'FROBNICATE' is not a PostgreSQL statement keyword; start the statement with");
        Assert.IsNull(PostgresStatementKeywords.FindClosest("XYZZY"));
        Assert.IsNull(PostgresStatementKeywords.FindClosest("ZZ"));
        Assert.AreEqual("DO", PostgresStatementKeywords.FindClosest("D0"));
    }

    [TestMethod]
    [DataRow("\\i other.sql\nSELECT 1;", "MIG0107(1,1)", "\\i")]
    [DataRow("SELECT 1;\r\n  \\echo done", "MIG0107(2,3)", "\\echo")]
    [DataRow("\\set ON_ERROR_STOP on", "MIG0107(1,1)", "\\set")]
    [DataRow("\\c mydb\nSELECT 1;", "MIG0107(1,1)", "\\c")]
    public void Psql_meta_commands_are_errors(string text, string expected, string name)
    {
        Assert.AreEqual(expected, Check(text));
        StringAssert.Contains(SqlSyntaxChecker.Check(File, text).Single().Message, $"'{name}'");
    }

    [TestMethod]
    public void Messages_say_what_is_wrong_and_what_to_do()
    {
        Assert.AreEqual(
            $"{File}(1,8): error MIG0101: Unterminated string literal starting here; close it with ' (write '' for a quote inside the string).",
            SqlSyntaxChecker.Check(File, "SELECT 'x").Single().ToString());
        StringAssert.Contains(SqlSyntaxChecker.Check(File, "DO $fn$ x").Single().Message, "close it with $fn$");
        StringAssert.Contains(SqlSyntaxChecker.Check(File, "DO $$ x").Single().Message, "close it with $$");
        Assert.AreEqual(DiagnosticCatalog.UnbalancedParentheses, SqlSyntaxChecker.Check(File, ")").Single().Descriptor);
    }

    [TestMethod]
    public void Diagnostics_are_in_position_order()
    {
        Assert.AreEqual("MIG0107(1,1) MIG0105(2,9) MIG0106(3,1) MIG0101(3,7)", Check("\\i x\nSELECT 1);\nSELEC 'open"));
    }

    [TestMethod]
    public void Crlf_and_byte_order_mark_give_the_same_positions()
    {
        const string Text = "SELECT 1;\n-- c\nCRATE TABLE t (\n  a int;\n";
        var expected = Check(Text);
        Assert.AreEqual("MIG0105(3,15) MIG0106(3,1)".Split(' ').Order().Aggregate((a, b) => a + " " + b), expected.Split(' ').Order().Aggregate((a, b) => a + " " + b));
        Assert.AreEqual(expected, Check(Text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.AreEqual(expected, Check(Text.Replace("\n", "\r", StringComparison.Ordinal)));
        Assert.AreEqual(expected, Check("\uFEFF" + Text));
    }

    [TestMethod]
    public void Byte_order_mark_does_not_make_the_first_word_unknown()
    {
        Assert.AreEqual(string.Empty, Check("\uFEFFCREATE TABLE t (id int);"));
        Assert.AreEqual("MIG0106(1,1)", Check("\uFEFFCRATE TABLE t (id int);"));
    }
}
