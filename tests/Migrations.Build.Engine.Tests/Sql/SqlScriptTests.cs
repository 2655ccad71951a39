using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

[TestClass]
public sealed class SqlScriptTests
{
    private static string[] Statements(string text) =>
        SqlScript.Parse(text).Statements.Select(statement => statement.Text).ToArray();

    [TestMethod]
    public void Semicolons_end_statements()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 1;", "SELECT 2;", "SELECT 3" }, Statements("SELECT 1;\nSELECT 2;\n\nSELECT 3"));
    }

    [TestMethod]
    [DataRow("SELECT ';';")]
    [DataRow("SELECT E'\\';';")]
    [DataRow("SELECT \"a;b\";")]
    [DataRow("SELECT 1 -- ;\n+ 1;")]
    [DataRow("SELECT /* ; /* ; */ ; */ 1;")]
    [DataRow("DO $$ BEGIN PERFORM 1; END $$;")]
    [DataRow("CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql;")]
    [DataRow("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));")]
    public void Semicolons_inside_strings_comments_dollar_quotes_and_parentheses_do_not_split(string text)
    {
        CollectionAssert.AreEqual(new[] { text }, Statements(text));
    }

    [TestMethod]
    public void Begin_atomic_body_keeps_its_semicolons_and_case_end()
    {
        const string Function = """
            CREATE OR REPLACE FUNCTION grade(score int) RETURNS text
            LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN score > 90 THEN 'A' ELSE 'B' END;
              SELECT CASE score WHEN 1 THEN CASE WHEN true THEN 'x' END END;
            END;
            """;
        var statements = Statements(Function + "\nSELECT grade(95);");
        Assert.AreEqual(2, statements.Length);
        Assert.AreEqual(Function, statements[0]);
        Assert.AreEqual("SELECT grade(95);", statements[1]);
    }

    [TestMethod]
    [DataRow("CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END; SELECT 1;", 2)]
    [DataRow("create function f() returns int begin atomic; select 1; end; select 2;", 2)]
    [DataRow("BEGIN; SELECT 1; COMMIT;", 3)]
    [DataRow("CREATE TABLE t (a int); BEGIN ATOMIC; SELECT 1;", 3)]
    public void Begin_atomic_applies_only_to_routine_bodies(string text, int expected)
    {
        Assert.AreEqual(expected, Statements(text).Length);
    }

    [TestMethod]
    public void Empty_statements_and_trivia_are_not_statements()
    {
        var script = SqlScript.Parse("  ;; -- only a comment\n/* and a block */\n;");
        Assert.IsFalse(script.HasStatements);
        Assert.IsFalse(SqlScript.Parse(string.Empty).HasStatements);
        Assert.IsFalse(SqlScript.Parse("\\echo hi\n").HasStatements);
        Assert.IsTrue(SqlScript.Parse("-- c\nSELECT 1").HasStatements);
    }

    [TestMethod]
    public void Statement_positions_offsets_and_terminator()
    {
        const string Text = "-- header\r\n\r\n  CREATE TABLE t (\r\n  id int\r\n);\r\nSELECT 1";
        var script = SqlScript.Parse(Text);
        var create = script.Statements[0];
        Assert.AreEqual((3, 3), (create.Line, create.Column));
        Assert.AreEqual(Text.IndexOf("CREATE", StringComparison.Ordinal), create.Start);
        Assert.AreEqual(Text.IndexOf(");", StringComparison.Ordinal) + 2, create.End);
        Assert.IsTrue(create.HasTerminator);
        Assert.AreEqual(0, create.Index);
        var select = script.Statements[1];
        Assert.AreEqual((6, 1), (select.Line, select.Column));
        Assert.IsFalse(select.HasTerminator);
        Assert.AreEqual("SELECT 1", select.Span.ToString());
    }

    [TestMethod]
    public void Leading_keywords_and_significant_tokens()
    {
        var statement = SqlScript.Parse("create or replace /* c */ function f() returns int as $$ select 1 $$ language sql;").Statements[0];
        CollectionAssert.AreEqual(new[] { "CREATE", "OR", "REPLACE", "FUNCTION", "F" }, statement.LeadingKeywords.ToArray());
        Assert.AreEqual("CREATE", statement.FirstKeyword);
        Assert.IsTrue(statement.StartsWithKeywords("CREATE", "OR", "REPLACE", "FUNCTION"));
        Assert.IsFalse(statement.StartsWithKeywords("CREATE", "FUNCTION"));
        var count = 0;
        foreach (var token in statement.SignificantTokens)
        {
            Assert.IsFalse(token.IsTrivia);
            count++;
        }

        Assert.AreEqual(14, count);
    }

    [TestMethod]
    public void Leading_comments_exclude_trailing_comment_of_previous_statement()
    {
        const string Text = "SELECT 1; -- about select 1\n-- about select 2\n/* also */\nSELECT 2;";
        var script = SqlScript.Parse(Text);
        Assert.AreEqual(0, script.Statements[0].LeadingComments.Count);
        CollectionAssert.AreEqual(
            new[] { "-- about select 2", "/* also */" },
            script.Statements[1].LeadingComments.Select(token => token.GetString(Text)).ToArray());
    }

    [TestMethod]
    public void File_directives_before_the_first_statement()
    {
        const string Text = """
            -- Adds an index without locking writes.
            -- migrations:no-transaction
            --migrations:disable-file MIG0303,MIG0306 legacy table, agreed with DBA
            CREATE INDEX CONCURRENTLY i ON t (a);
            -- migrations:irreversible
            SELECT 1;
            """;
        var script = SqlScript.Parse(Text);
        Assert.AreEqual(2, script.FileDirectives.Count);
        Assert.IsTrue(script.HasFileDirective(SqlDirectiveKind.NoTransaction));
        Assert.IsFalse(script.HasFileDirective(SqlDirectiveKind.Irreversible));
        Assert.AreEqual(3, script.Directives.Count);
        var disableFile = script.FileDirectives[1];
        Assert.AreEqual(SqlDirectiveKind.DisableFile, disableFile.Kind);
        CollectionAssert.AreEqual(new[] { "MIG0303", "MIG0306" }, disableFile.Codes.ToArray());
        Assert.AreEqual("legacy table, agreed with DBA", disableFile.Reason);
        Assert.AreEqual((3, 1), (disableFile.Line, disableFile.Column));
        Assert.IsTrue(script.IsDisabledForFile("mig0306"));
        Assert.IsTrue(script.Statements[1].IsDisabled("MIG0303"));
    }

    [TestMethod]
    public void Disable_directive_attaches_to_the_following_statement()
    {
        const string Text = """
            CREATE TABLE a (id int);
              -- migrations:disable MIG0303, mig0307 small table
            CREATE INDEX i ON a (id);
            CREATE INDEX j ON a (id);
            """;
        var script = SqlScript.Parse(Text);
        Assert.AreEqual(0, script.Statements[0].Directives.Count);
        var directive = script.Statements[1].Directives.Single();
        Assert.AreEqual(SqlDirectiveKind.Disable, directive.Kind);
        CollectionAssert.AreEqual(new[] { "MIG0303", "MIG0307" }, directive.Codes.ToArray());
        Assert.AreEqual("small table", directive.Reason);
        Assert.AreEqual((2, 3), (directive.Line, directive.Column));
        Assert.IsTrue(script.Statements[1].IsDisabled("MIG0307"));
        Assert.IsFalse(script.Statements[2].IsDisabled("MIG0303"));
        Assert.AreEqual(0, script.FileDirectives.Count);
    }

    [TestMethod]
    [DataRow("-- migrations:disable MIG0303", SqlDirectiveKind.Disable, "MIG0303", "")]
    [DataRow("-- migrations:disable MIG0303 MIG0304", SqlDirectiveKind.Disable, "MIG0303,MIG0304", "")]
    [DataRow("-- migrations:disable because", SqlDirectiveKind.Disable, "", "because")]
    [DataRow("-- MIGRATIONS:No-Transaction", SqlDirectiveKind.NoTransaction, "", "")]
    [DataRow("-- migrations:no-transactoin", SqlDirectiveKind.Unknown, "", "")]
    public void Directive_forms(string comment, SqlDirectiveKind kind, string codes, string reason)
    {
        var directive = SqlScript.Parse(comment + "\nSELECT 1;").Directives.Single();
        Assert.AreEqual(kind, directive.Kind);
        Assert.AreEqual(codes, string.Join(",", directive.Codes));
        Assert.AreEqual(reason, directive.Reason);
    }

    [TestMethod]
    [DataRow("SELECT 1; -- migrations:no-transaction")]
    [DataRow("/* migrations:no-transaction */ SELECT 1;")]
    [DataRow("-- not migrations:no-transaction\nSELECT 1;")]
    [DataRow("SELECT '-- migrations:no-transaction';")]
    public void Only_whole_comment_lines_are_directives(string text)
    {
        Assert.AreEqual(0, SqlScript.Parse(text).Directives.Count);
    }

    [TestMethod]
    public void Meta_commands_are_not_part_of_statements()
    {
        var script = SqlScript.Parse("\\set ON_ERROR_STOP on\nSELECT 1;\n\\i other.sql\n");
        Assert.AreEqual(1, script.Statements.Count);
        Assert.AreEqual(2, script.MetaCommands.Count);
        Assert.AreEqual("SELECT 1;", script.Statements[0].Text);
    }

    [TestMethod]
    public void Line_index_maps_offsets_and_line_lengths()
    {
        const string Text = "ab\r\ncde\rf\n";
        var lines = SqlScript.Parse(Text).Lines;
        Assert.AreEqual(4, lines.LineCount);
        Assert.AreEqual((1, 1), lines.GetPosition(0));
        Assert.AreEqual((2, 2), lines.GetPosition(5));
        Assert.AreEqual((3, 1), lines.GetPosition(8));
        Assert.AreEqual((4, 1), lines.GetPosition(Text.Length));
        Assert.AreEqual(2, lines.GetLineLength(1));
        Assert.AreEqual(3, lines.GetLineLength(2));
        Assert.AreEqual(1, lines.GetLineLength(3));
        Assert.AreEqual(0, lines.GetLineLength(4));
    }
}
