namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A consumer with the sample migrations plus deliberately broken ones: `dotnet build` through the packed SDK
/// reports each SQL text problem (MIG0101–MIG0109) in the canonical format at the character that opens it.
/// </summary>
[TestClass]
public sealed class SqlSyntaxValidationTests
{
    [TestMethod]
    public void Every_sql_text_diagnostic_is_reported_at_its_line_and_column()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var cases = new (string Name, string Sql, int Line, int Column, string Code, string Message)[]
        {
            ("unterminated_string", "create table a (id int);\ncomment on table a is 'oops;\n", 2, 23, "MIG0101", "Unterminated string literal…"),
            ("unterminated_identifier", "select \"unclosed from t;\n", 1, 8, "MIG0102", "…"),
            ("unterminated_dollar", "do $body$ begin perform 1; end $$;\n", 1, 4, "MIG0103", "Unterminated dollar-quoted string starting here; close it with $body$…"),
            ("unterminated_comment", "select 1;\n/* open /* nested */ still open\n", 2, 1, "MIG0104", "…"),
            ("unbalanced_paren", "select 1;\nselect (1 + 2;\n", 2, 8, "MIG0105", "…"),
            ("unknown_keyword", "select 1;\n  crate table t (id int);\n", 2, 3, "MIG0106", "'crate' is not a PostgreSQL statement keyword; did you mean CREATE?"),
            ("meta_command", "select 1;\n\\i other.sql\n", 2, 1, "MIG0107", "psql meta-command '\\i' cannot run in a migration…"),
            ("directive_typo", "-- migrations:disbale MIG0303 typo in the name\nselect 1;\n", 1, 15, "MIG0108", "'migrations:disbale' is not a directive, so it does nothing; did you mean migrations:disable?…"),
            ("unknown_code", "select 1;\n-- migrations:disable MIG9999 no such code\nselect 2;\n", 2, 23, "MIG0108", "MIG9999 is not a Migrations.Build diagnostic code…"),
            ("missing_semicolon", "alter table a drop constraint a_pkey\n  alter table a add primary key (id);\n", 2, 3, "MIG0109", "'ALTER' starts a new statement on line 2, but the statement that began on line 1 has no ';'; end it with ';'."),
        };
        var version = 20250401000000L;
        var paths = new List<string>();
        foreach (var (name, sql, _, _, _, _) in cases)
        {
            version += 100;
            paths.Add(project.Write($"migrations/{version}_{name}.sql", sql));
            project.Write($"migrations/{version}_{name}_rollback.sql", "select 1;\n");
        }

        var result = project.Build();

        BuildAssert.Failed(result);
        for (var i = 0; i < cases.Length; i++)
        {
            var (_, _, line, column, code, message) = cases[i];
            var kind = code == "MIG0108" ? "warning" : "error";
            BuildAssert.HasDiagnostic(result, kind, paths[i], line, column, code, message, project.ProjectPath);
        }

        // The sample migrations themselves are clean: no diagnostic points into them.
        Assert.DoesNotContain("billing_integration_schema.sql(", result.Output, result.ToString());
        Assert.DoesNotContain("add_invoice_line_items.sql(", result.Output, result.ToString());
    }

    [TestMethod]
    public void A_disable_directive_suppresses_a_diagnostic_for_its_statement()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/20250401000000_vendor_script.sql", "select 1;\n-- migrations:disable MIG0106 vendor extension command\nfrobnicate everything;\n");
        project.Write("migrations/20250401000000_vendor_script_rollback.sql", "select 1;\n");

        BuildAssert.Succeeded(project.Build());
    }
}
