using System.Text.RegularExpressions;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Tests.Sql;

/// <summary>Realistic migrations, each stating its statement count in a <c>-- expect-statements: N</c> header.</summary>
[TestClass]
public sealed partial class SqlCorpusTests
{
    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Sql", "Corpus");

    public static IEnumerable<object[]> CorpusFiles =>
        Directory.EnumerateFiles(CorpusDirectory, "*.sql").Order(StringComparer.Ordinal).Select(path => new object[] { Path.GetFileName(path) });

    [TestMethod]
    public void Corpus_has_at_least_thirty_migrations()
    {
        Assert.IsTrue(CorpusFiles.Count() >= 30);
    }

    [TestMethod]
    [DynamicData(nameof(CorpusFiles))]
    public void Corpus_file_splits_into_the_expected_statements_without_diagnostics(string fileName)
    {
        var path = Path.Combine(CorpusDirectory, fileName);
        var text = File.ReadAllText(path);
        var match = ExpectedStatements().Match(text);
        Assert.IsTrue(match.Success, $"{fileName} needs a '-- expect-statements: N' header");

        var script = SqlScript.Parse(text);
        var diagnostics = SqlSyntaxChecker.Check(path, script);

        Assert.AreEqual(string.Empty, string.Join(Environment.NewLine, diagnostics));
        Assert.AreEqual(
            int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            script.Statements.Count,
            string.Join(Environment.NewLine + "---" + Environment.NewLine, script.Statements.Select(s => s.Text)));
        foreach (var statement in script.Statements)
        {
            Assert.IsTrue(PostgresStatementKeywords.Contains(statement.FirstKeyword ?? string.Empty) || statement.Text.StartsWith('('), statement.Text);
        }
    }

    [TestMethod]
    public void Corpus_directives_are_read()
    {
        var noTransaction = SqlScript.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, "14_no_transaction_concurrent_index.sql")));
        Assert.IsTrue(noTransaction.HasFileDirective(SqlDirectiveKind.NoTransaction));

        var irreversible = SqlScript.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, "15_irreversible_rollback.sql")));
        Assert.IsFalse(irreversible.HasStatements);
        Assert.IsTrue(irreversible.HasFileDirective(SqlDirectiveKind.Irreversible));

        var disabled = SqlScript.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, "20_disable_directives.sql")));
        Assert.IsTrue(disabled.IsDisabledForFile("MIG0308"));
        Assert.IsFalse(disabled.Statements[0].IsDisabled("MIG0303"));
        Assert.IsTrue(disabled.Statements[1].IsDisabled("MIG0303"));
        Assert.IsTrue(disabled.Statements[2].IsDisabled("MIG0308"));
    }

    [TestMethod]
    public void Crlf_corpus_file_keeps_its_line_endings_and_positions()
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory, "28_crlf_line_endings.sql"));
        StringAssert.Contains(text, "\r\n");
        var script = SqlScript.Parse(text);
        Assert.AreEqual((6, 1), (script.Statements[1].Line, script.Statements[1].Column));
        Assert.AreEqual((7, 1), (script.Statements[2].Line, script.Statements[2].Column));
    }

    [GeneratedRegex(@"^-- expect-statements: (\d+)", RegexOptions.Multiline)]
    private static partial Regex ExpectedStatements();
}
