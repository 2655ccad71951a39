using Migrations.Build.Engine.CiSummaries;

namespace Migrations.Build.Engine.Tests.CiSummaries;

[TestClass]
public sealed class MarkdownCellTests
{
    [TestMethod]
    [DataRow("a|b", "a\\|b")]
    [DataRow("line one\nline two", "line one line two")]
    [DataRow("line one\r\nline two", "line one line two")]
    [DataRow("run `dotnet msbuild`", "run \\`dotnet msbuild\\`")]
    [DataRow("C:\\db\\obj", "C:\\\\db\\\\obj")]
    [DataRow("plain text", "plain text")]
    public void Text_that_would_break_a_table_row_is_escaped(string text, string expected) =>
        Assert.AreEqual(expected, MarkdownCell.Escape(text));
}
