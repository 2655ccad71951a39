namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// Makes any text safe inside one Markdown table cell: a <c>|</c> would end the cell, a line break the row, and a
/// backtick would open a code span that swallows the cells after it.
/// </summary>
internal static class MarkdownCell
{
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal)
            .ReplaceLineEndings(" ");
}
