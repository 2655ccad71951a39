using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

/// <summary>MIG0109: two statements with no ';' between them, and the many forms that legitimately run on across lines.</summary>
[TestClass]
public sealed class MissingSemicolonTests
{
    private const string File = "migrations/20250210000000_x.sql";

    /// <summary>MIG0109 diagnostics only, as "MIG0109(line,col)", in order.</summary>
    private static string Check(string text) =>
        string.Join(" ", SqlSyntaxChecker.Check(File, text).Where(d => d.Code == "MIG0109").Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})"));

    [TestMethod]
    public void Issue_example_is_an_error_at_the_second_alter()
    {
        const string Text = "ALTER TABLE t DROP CONSTRAINT t_pkey\nALTER TABLE t ADD PRIMARY KEY (a, b);";
        var diagnostic = SqlSyntaxChecker.Check(File, Text).Single();

        Assert.AreEqual(DiagnosticCatalog.MissingSemicolon, diagnostic.Descriptor);
        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual((2, 1, 2, 6), (diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Location.EndLine, diagnostic.Location.EndColumn));
        Assert.AreEqual(
            "'ALTER' starts a new statement on line 2, but the statement that began on line 1 has no ';'; end it with ';'.",
            diagnostic.Message);
    }

    [TestMethod]
    [DataRow("ALTER TABLE t ADD c int\nDROP TABLE u;", "MIG0109(2,1)")]
    [DataRow("ALTER TABLE t ADD c int\n  CREATE INDEX i ON t (c);", "MIG0109(2,3)")]
    [DataRow("ALTER TABLE t ADD c int\nCREATE UNIQUE INDEX i ON t (c);", "MIG0109(2,1)")]
    [DataRow("ALTER TABLE t ADD c int\nINSERT INTO t (c) VALUES (1);", "MIG0109(2,1)")]
    [DataRow("ALTER TABLE t ADD c int\nGRANT SELECT ON t TO r;", "MIG0109(2,1)")]
    [DataRow("ALTER TABLE t ADD c int DEFAULT 0\nUPDATE t SET c = 1;", "MIG0109(2,1)")]
    [DataRow("ALTER TABLE t ADD c int\ndelete from t where c is null;", "MIG0109(2,1)")]
    [DataRow("CREATE TABLE t (a int)\nCOMMENT ON TABLE t IS 'x';", "MIG0109(2,1)")]
    [DataRow("DROP TABLE t CASCADE\nDROP TABLE u;", "MIG0109(2,1)")]
    [DataRow("GRANT ALL ON t TO r\nREVOKE ALL ON u FROM PUBLIC;", "MIG0109(2,1)")]
    [DataRow("INSERT INTO t VALUES (1)\nINSERT INTO t VALUES (2);", "MIG0109(2,1)")]
    [DataRow("UPDATE t SET a = 1\nSELECT 1;", "MIG0109(2,1)")]
    [DataRow("DELETE FROM t\nTRUNCATE u;", "MIG0109(2,1)")]
    [DataRow("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$\nALTER FUNCTION f() OWNER TO r;", "MIG0109(2,1)")]
    [DataRow("COMMENT ON TABLE t IS 'x'\n-- next\nALTER TABLE \"t\" ADD c int;", "MIG0109(3,1)")]
    [DataRow("CREATE TABLE t (a int)\nCREATE TABLE u (a int)\nCREATE TABLE v (a int);", "MIG0109(2,1) MIG0109(3,1)")]
    [DataRow("SELECT 1;\nALTER TABLE t ADD c int\r\nALTER TABLE t ADD d int;", "MIG0109(3,1)")]
    public void Statement_keyword_on_the_next_line_of_an_unended_statement(string text, string expected) =>
        Assert.AreEqual(expected, Check(text));

    [TestMethod]
    public void Message_names_the_line_where_the_unended_statement_began()
    {
        var diagnostic = SqlSyntaxChecker.Check(File, "SELECT 1;\n\nDROP TABLE t\n  CASCADE\ngrant select on u to r;").Single();
        Assert.AreEqual(
            "'GRANT' starts a new statement on line 5, but the statement that began on line 3 has no ';'; end it with ';'.",
            diagnostic.Message);
    }

    [TestMethod]
    [DataRow("CREATE TABLE t (a int) ALTER TABLE t ADD b int;")] // same line: not the pattern this check is for
    [DataRow("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  DELETE FROM t;\n  INSERT INTO t VALUES (1);\nEND\n$$;")]
    [DataRow("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS '\nSELECT 1\n';")]
    [DataRow("CREATE FUNCTION f() RETURNS void LANGUAGE sql\nBEGIN ATOMIC\n  DELETE FROM t\n  ;\n  INSERT INTO t VALUES (1);\n  UPDATE t SET a = 2;\nEND;")]
    [DataRow("CREATE PROCEDURE p() LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (1);\nEND;")]
    [DataRow("CREATE RULE r AS ON UPDATE TO t DO ALSO (\n  INSERT INTO log VALUES (1);\n  UPDATE u SET a = 1;\n);")]
    [DataRow("CREATE RULE r AS ON\nINSERT TO t DO INSTEAD\nINSERT INTO u VALUES (new.a);")]
    [DataRow("CREATE OR REPLACE RULE r AS ON DELETE TO t DO ALSO\nDELETE FROM u WHERE a = old.a;")]
    [DataRow("CREATE RULE r AS ON UPDATE TO t DO INSTEAD\nUPDATE u SET a = new.a;")]
    [DataRow("CREATE SCHEMA s\n  CREATE TABLE t (a int)\n  CREATE VIEW v AS\n    SELECT a FROM t\n  CREATE INDEX i ON t (a)\n  GRANT SELECT ON t TO r;")]
    [DataRow("CREATE SCHEMA s AUTHORIZATION r\nGRANT USAGE ON SCHEMA s TO u;")]
    [DataRow("WITH moved AS (DELETE FROM t RETURNING *)\nINSERT INTO u SELECT * FROM moved;")]
    [DataRow("WITH x AS (SELECT 1)\nUPDATE t SET a = 1 FROM x;")]
    [DataRow("WITH x AS (SELECT 1)\nDELETE FROM t USING x;")]
    [DataRow("WITH\n  x AS (SELECT 1)\nSELECT * FROM x;")]
    [DataRow("CREATE TRIGGER trg\n  AFTER INSERT OR\n  UPDATE OR\n  DELETE ON t\n  FOR EACH ROW\n  EXECUTE FUNCTION f();")]
    [DataRow("CREATE TRIGGER trg BEFORE\nUPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION f();")]
    [DataRow("CREATE TRIGGER trg BEFORE INSERT OR\nTRUNCATE ON t EXECUTE FUNCTION f();")]
    [DataRow("GRANT SELECT,\n  INSERT,\n  UPDATE,\n  DELETE,\n  TRUNCATE\nON t\nTO r;")]
    [DataRow("GRANT\nSELECT ON t TO r;")]
    [DataRow("GRANT USAGE,\nCREATE ON SCHEMA s TO r;")]
    [DataRow("GRANT r TO u\nWITH ADMIN OPTION;")]
    [DataRow("REVOKE\nGRANT OPTION FOR SELECT ON t FROM r;")]
    [DataRow("ALTER DEFAULT PRIVILEGES IN SCHEMA public\nGRANT SELECT ON TABLES TO anon;")]
    [DataRow("ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA public\n  REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;")]
    [DataRow("COMMENT ON TABLE t\nIS 'x';")]
    [DataRow("COMMENT ON COLUMN t.a IS\n'x';")]
    [DataRow("CREATE POLICY p ON t\n  FOR UPDATE\n  USING (a = 1)\n  WITH CHECK (a = 2);")]
    [DataRow("CREATE POLICY p ON t FOR\nSELECT\nTO authenticated\nUSING (true);")]
    [DataRow("CREATE POLICY p ON t FOR\nDELETE\nTO authenticated\nUSING (true);")]
    [DataRow("CREATE POLICY p ON t FOR\nINSERT\nWITH CHECK (true);")]
    [DataRow("INSERT INTO t (a)\nSELECT a FROM u;")]
    [DataRow("INSERT INTO t\nSELECT a FROM u;")]
    [DataRow("INSERT INTO t (a)\nVALUES (1);")]
    [DataRow("INSERT INTO t VALUES (1)\nON CONFLICT (a) DO\nUPDATE SET b = excluded.b;")]
    [DataRow("INSERT INTO t VALUES (1)\nON CONFLICT (a) DO UPDATE\nSET b = excluded.b;")]
    [DataRow("CREATE TABLE t AS\nSELECT 1 AS a;")]
    [DataRow("CREATE TABLE t\nAS SELECT 1 AS a;")]
    [DataRow("CREATE VIEW v AS\nSELECT 1 AS a;")]
    [DataRow("CREATE MATERIALIZED VIEW v AS\nWITH x AS (SELECT 1)\nSELECT * FROM x;")]
    [DataRow("EXPLAIN\nSELECT 1;")]
    [DataRow("EXPLAIN ANALYZE\nUPDATE t SET a = 1;")]
    [DataRow("EXPLAIN (ANALYZE, BUFFERS)\nDELETE FROM t;")]
    [DataRow("EXPLAIN\nINSERT INTO t VALUES (1);")]
    [DataRow("SELECT 1\nUNION\nSELECT 2;")]
    [DataRow("SELECT 1\nUNION ALL\nSELECT 2\nEXCEPT\nSELECT 3\nINTERSECT\nSELECT 4;")]
    [DataRow("SELECT a FROM t\nFOR\nUPDATE SKIP LOCKED;")]
    [DataRow("SELECT a FROM t FOR NO KEY\nUPDATE;")]
    [DataRow("CREATE INDEX i ON t\nUSING gin (a);")]
    [DataRow("ALTER TABLE t ADD a int,\nADD b int;")]
    [DataRow("ALTER TABLE t\n  ALTER COLUMN a SET NOT NULL,\n  ALTER b DROP DEFAULT,\n  DROP COLUMN c;")]
    [DataRow("ALTER TABLE t\nALTER type TYPE text;")]
    [DataRow("ALTER TABLE t\nDROP index;")]
    [DataRow("ALTER TABLE t\nDROP CONSTRAINT c;")]
    [DataRow("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) ON\nDELETE CASCADE ON\nUPDATE SET NULL;")]
    [DataRow("ALTER EXTENSION e\nDROP TABLE t;")]
    [DataRow("ALTER EXTENSION e\nDROP FUNCTION f();")]
    [DataRow("ALTER PUBLICATION p\nDROP TABLE t;")]
    [DataRow("CREATE EVENT TRIGGER e ON ddl_command_end\nWHEN TAG IN ('CREATE TABLE', 'DROP TABLE')\nEXECUTE FUNCTION f();")]
    [DataRow("DROP TABLE t\nCASCADE;")]
    [DataRow("DROP OWNED BY r\nCASCADE;")]
    [DataRow("UPDATE t\nSET a = 1;")]
    [DataRow("UPDATE t SET a = 1\nFROM u\nWHERE t.id = u.id;")]
    [DataRow("DO $$\nBEGIN\n  ALTER TABLE t ADD c int;\n  DROP TABLE u;\nEND\n$$;")]
    [DataRow("DO\n$$ BEGIN DELETE FROM t; END $$\nLANGUAGE plpgsql;")]
    [DataRow("COPY t (a, b) FROM stdin;\n1\tx\n2\ty\n\\.\n")]
    [DataRow("MERGE INTO t USING u ON t.id = u.id\nWHEN MATCHED THEN\nUPDATE SET a = u.a\nWHEN NOT MATCHED THEN\nINSERT (id, a) VALUES (u.id, u.a);")]
    [DataRow("MERGE INTO t USING u ON t.id = u.id\nWHEN MATCHED THEN\nDELETE;")]
    [DataRow("PREPARE q AS\nUPDATE t SET a = $1;")]
    [DataRow("DECLARE c CURSOR FOR\nSELECT 1;")]
    [DataRow("SELECT\n  (SELECT 1)\n  , a\nFROM t;")]
    [DataRow("SELECT a\nFROM t\nWHERE a IN (\n  SELECT b FROM u\n);")]
    [DataRow("CREATE TABLE t (\n  a int\n)\nWITH (fillfactor = 70);")]
    [DataRow("CREATE OR REPLACE FUNCTION f() RETURNS trigger\nLANGUAGE plpgsql\nSECURITY DEFINER\nSET search_path = ''\nAS $$ BEGIN RETURN NEW; END $$;")]
    [DataRow("ALTER ROLE r\nSET search_path = s;")]
    [DataRow("SELECT comment\nFROM t;")]
    public void Legitimate_continuation_across_lines_is_not_flagged(string text) =>
        Assert.AreEqual(string.Empty, Check(text));

    [TestMethod]
    public void Corpus_has_no_missing_semicolon()
    {
        foreach (var path in Directory.EnumerateFiles(SqlCorpusTests.CorpusDirectory, "*.sql"))
        {
            Assert.AreEqual(string.Empty, Check(System.IO.File.ReadAllText(path)), Path.GetFileName(path));
        }
    }
}
