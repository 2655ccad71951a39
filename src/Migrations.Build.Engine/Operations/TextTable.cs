using System.Text;

namespace Migrations.Build.Engine.Operations;

/// <summary>A plain-text table with columns padded to their widest cell, as MigrationStatus and MigrationDrift print it.</summary>
internal static class TextTable
{
    /// <param name="whenEmpty">The line printed under the header when there are no rows.</param>
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string whenEmpty)
    {
        var widths = header.Select((title, column) => Math.Max(title.Length, rows.Select(line => line[column].Length).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        AppendLine(text, [.. header], widths);
        AppendLine(text, widths.Select(width => new string('-', width)).ToArray(), widths);
        foreach (var line in rows)
        {
            AppendLine(text, line, widths);
        }

        if (rows.Count == 0)
        {
            text.Append(whenEmpty).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var column = 0; column < cells.Length; column++)
        {
            var last = column == cells.Length - 1;
            line.Append(last ? cells[column] : cells[column].PadRight(widths[column] + 2));
        }

        // Trailing blanks of empty last cells only make diffs of saved files noisy.
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
