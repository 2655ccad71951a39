using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;
using Migrations.Build.Engine.Tests.Discovery;

namespace Migrations.Build.Engine.Tests.Analysis;

[TestClass]
public sealed class DirectiveCheckerTests
{
    private const string Path = "migrations/20250210000000_x.sql";

    private static string Check(string text) =>
        string.Join(" ", DirectiveChecker.Check(Path, SqlScript.Parse(text)).Select(d => $"{d.Code}({d.Location.Line},{d.Location.Column})"));

    [TestMethod]
    [DataRow("-- migrations:disbale MIG0303 small\ncreate index ix on s.t (a);", "MIG0108(1,15)")]
    [DataRow("select 1;\n  --   migrations:frobnicate\nselect 2;", "MIG0108(2,19)")]
    [DataRow("-- migrations:notransaction\nselect 1;", "MIG0108(1,15)")]
    [DataRow("-- migrations:disable MIG9999 nothing\nselect 1;", "MIG0108(1,23)")]
    [DataRow("-- migrations:disable-file MIG0303, mig0999 two codes\nselect 1;", "MIG0108(1,37)")]
    [DataRow("-- migrations:disable because the table is small\nselect 1;", "MIG0108(1,15)")]
    [DataRow("select 1;\n-- migrations:no-transaction\nselect 2;", "MIG0108(2,1)")]
    [DataRow("select 1;\n-- migrations:disable-file MIG0303 late\nselect 2;", "MIG0108(2,1)")]
    [DataRow("create table a (id int);\n-- migrations:irreversible\n", "MIG0108(2,1)")]
    [DataRow("select 1;\n-- migrations:disable MIG0303 nothing follows\n", "MIG0108(2,1)")]
    [DataRow("select 1; -- trailing\n  -- migrations:disable MIG0303\n/* the end */", "MIG0108(2,3)")]
    public void MIG0108_directives_that_do_nothing(string text, string expected) => Assert.AreEqual(expected, Check(text));

    [TestMethod]
    [DataRow("-- migrations:no-transaction\n-- migrations:disable-file MIG0303 small tables\ncreate index concurrently ix on s.t (a);")]
    [DataRow("-- migrations:irreversible\n")]
    [DataRow("-- MIGRATIONS:No-Transaction\nselect 1;")]
    [DataRow("select 1;\n-- migrations:disable MIG0303,MIG0306 both are fine here\ndrop table s.t;")]
    [DataRow("-- a comment that mentions migrations:disbale is not a directive line\nselect 1; -- migrations:bogus trails a statement")]
    public void MIG0108_is_quiet_for_valid_directives(string text) => Assert.AreEqual(string.Empty, Check(text));

    [TestMethod]
    [DataRow("-- migrations:disbale MIG0303 small", "'migrations:disbale' is not a directive, so it does nothing; did you mean migrations:disable? (the directives are no-transaction, irreversible, disable, disable-file)")]
    [DataRow("-- migrations:no_transaction", "'migrations:no_transaction' is not a directive, so it does nothing; did you mean migrations:no-transaction? (the directives are no-transaction, irreversible, disable, disable-file)")]
    [DataRow("-- migrations:frobnicate", "'migrations:frobnicate' is not a directive, so it does nothing; the directives are no-transaction, irreversible, disable, disable-file.")]
    [DataRow("-- migrations:disable MIG9999 why", "MIG9999 is not a Migrations.Build diagnostic code, so -- migrations:disable suppresses nothing for it; check the code in the warning you meant to silence (docs/diagnostics.md lists them all).")]
    public void Messages_name_the_problem_and_the_fix(string text, string expected) =>
        Assert.AreEqual(expected, DirectiveChecker.Check(Path, SqlScript.Parse(text + "\nselect 1;")).Single().Message);

    [TestMethod]
    public void A_late_file_directive_says_where_the_first_statement_is() =>
        Assert.AreEqual(
            "-- migrations:no-transaction has no effect after the first statement (line 2); move it above that statement, to the top of the file.",
            DirectiveChecker.Check(Path, SqlScript.Parse("\nselect 1;\n-- migrations:no-transaction\n")).Single().Message);

    [TestMethod]
    public void MigrationValidator_reports_MIG0108_and_disable_file_silences_it()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_x.sql", "-- migrations:disabel MIG0303\nselect 1;\n");
        folder.Write("20250210000000_x_rollback.sql", "-- migrations:disable-file MIG0108 vendor directives\nselect 1;\n-- migrations:vendor-thing\n");

        var validation = MigrationValidator.Validate(new MigrationDiscoveryOptions(folder.Root));

        var found = validation.Diagnostics.Select(d => $"{System.IO.Path.GetFileName(d.Location.FilePath)}:{d.Code}({d.Location.Line},{d.Location.Column})");
        Assert.AreEqual("20250210000000_x.sql:MIG0108(1,15)", string.Join(" ", found));
        Assert.IsFalse(validation.HasErrors);
    }
}
