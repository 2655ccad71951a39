using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// Renders one <see cref="StepSummary"/> as the Markdown block a CI job page shows (docs/ci.md has an example):
/// a heading with the target, environment and result; overrides as a warning; a facts table; the migrations; the
/// problems in their canonical <c>file(line,col): error CODE: message</c> form; and MigrationStatus's own table.
/// </summary>
internal static class StepSummaryMarkdown
{
    public static string Render(StepSummary summary, bool succeeded, TimeSpan elapsed, string? projectDirectory)
    {
        var text = new StringBuilder();
        var target = PublicSurface.TargetName(summary.Operation);
        var result = summary.Cancelled ? "cancelled" : succeeded ? "succeeded" : "failed";
        var mark = summary.Cancelled ? "⚠️" : succeeded ? "✅" : "❌";
        text.Append(CultureInfo.InvariantCulture, $"### {mark} {target}{(summary.Environment is null ? string.Empty : " on " + summary.Environment)} {result}\n\n");

        if (summary.Overrides.Count > 0)
        {
            text.Append("> [!WARNING]\n> Overrides used: ").Append(string.Join(", ", summary.Overrides.Select(setting => $"**{setting}**"))).Append(" — recorded in the environment's history.\n\n");
        }

        text.Append("| | |\n|---|---|\n");
        Fact(text, "Environment", summary.Environment is null ? "(not resolved)" : summary.Location is null ? summary.Environment : $"{summary.Environment} — {summary.Location}");
        Fact(text, "Result", ResultText(summary, succeeded));
        Fact(text, "Started", summary.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
        Fact(text, "Total time", ElapsedText.Format(elapsed));
        if (summary.BackupPath is not null)
        {
            Fact(text, "Backup", summary.BackupPath);
        }

        if (summary.RunbookPath is not null)
        {
            Fact(text, "Runbook", summary.RunbookPath);
        }

        if (summary.Migrations.Count > 0)
        {
            text.Append("\n| Migration | State | Time |\n|---|---|---|\n");
            foreach (var migration in summary.Migrations)
            {
                var time = migration.Time is { } elapsedTime ? ((long)elapsedTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms" : string.Empty;
                text.Append("| ").Append(MarkdownCell.Escape(migration.Id)).Append(" | ").Append(MarkdownCell.Escape(migration.State)).Append(" | ").Append(time).Append(" |\n");
            }
        }

        if (summary.Problems.Count > 0)
        {
            var lines = summary.Problems.Select(problem => Canonical(problem, projectDirectory)).ToList();
            var fence = Fence(lines);
            text.Append('\n').Append(fence).Append("text\n");
            foreach (var line in lines)
            {
                text.Append(line.ReplaceLineEndings("\n")).Append('\n');
            }

            text.Append(fence).Append('\n');
        }

        if (summary.StatusMarkdown is { } status)
        {
            // StatusFormatter's table starts with a level-2 heading; under this block's level-3 heading it is a level 4.
            text.Append('\n').Append(status.StartsWith("## ", StringComparison.Ordinal) ? "####" + status[2..] : status);
        }

        return text.Append('\n').ToString();
    }

    private static string ResultText(StepSummary summary, bool succeeded)
    {
        if (summary.Cancelled)
        {
            return "cancelled; the statement that was running was cancelled on the server";
        }

        if (succeeded)
        {
            return "succeeded";
        }

        var first = summary.Problems.FirstOrDefault(problem => problem.IsError);
        return first is null ? "failed" : $"failed: {first.Code} {first.Descriptor.Title} — {first.Message}";
    }

    private static void Fact(StringBuilder text, string name, string value) =>
        text.Append("| ").Append(name).Append(" | ").Append(MarkdownCell.Escape(value)).Append(" |\n");

    /// <summary>The diagnostic as the build log prints it, with its file relative to the project so the line stays readable.</summary>
    private static string Canonical(Diagnostic diagnostic, string? projectDirectory)
    {
        if (!diagnostic.Location.HasFile || string.IsNullOrEmpty(projectDirectory))
        {
            return diagnostic.ToString();
        }

        var relative = Path.GetRelativePath(projectDirectory, diagnostic.Location.FilePath);
        return (diagnostic with { Location = diagnostic.Location with { FilePath = relative.StartsWith("..", StringComparison.Ordinal) ? diagnostic.Location.FilePath : relative } }).ToString();
    }

    /// <summary>A code fence longer than any run of backticks in the text, so a message can never close it early.</summary>
    private static string Fence(IEnumerable<string> lines)
    {
        var longest = lines.Select(LongestBacktickRun).DefaultIfEmpty(0).Max();
        return new string('`', Math.Max(3, longest + 1));
    }

    private static int LongestBacktickRun(string line)
    {
        int longest = 0, current = 0;
        foreach (var character in line)
        {
            current = character == '`' ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
