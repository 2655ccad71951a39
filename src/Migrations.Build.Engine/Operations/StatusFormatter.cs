using System.Globalization;
using System.Text;

namespace Migrations.Build.Engine.Operations;

/// <summary>Renders status rows as an aligned table, JSON (schema in docs/status-json.md) or a Markdown "Migration History" table.</summary>
internal static class StatusFormatter
{
    public const int JsonSchemaVersion = 1;

    public static bool TryParseFormat(string? text, out StatusFormat format)
    {
        format = StatusFormat.Table;
        switch ((text ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "" or "table":
                return true;
            case "json":
                format = StatusFormat.Json;
                return true;
            case "markdown" or "md":
                format = StatusFormat.Markdown;
                return true;
            default:
                return false;
        }
    }

    public static string Format(IReadOnlyList<StatusRow> rows, StatusFormat format) => format switch
    {
        StatusFormat.Json => Json(rows),
        StatusFormat.Markdown => Markdown(rows),
        _ => Table(rows),
    };

    private static string Table(IReadOnlyList<StatusRow> rows)
    {
        // The Supabase column appears only when some environment has a Supabase history, so plain projects see no change.
        var supabase = ShowsSupabase(rows);
        string[] header = supabase
            ? ["Environment", "Migration", "State", "Supabase", "Applied at (UTC)", "By", "Time", "Notes"]
            : ["Environment", "Migration", "State", "Applied at (UTC)", "By", "Time", "Notes"];
        var cells = rows.Select(row => new[]
        {
            row.Environment,
            row.Id,
            row.StateText,
            supabase ? SupabaseText(row) : null,
            Timestamp(row.AppliedAt),
            row.AppliedBy ?? string.Empty,
            row.ExecutionMilliseconds is { } ms ? ms.ToString(CultureInfo.InvariantCulture) + " ms" : string.Empty,
            row.Notes,
        }.OfType<string>().ToArray()).ToList();
        return TextTable.Render(header, cells, "(no migrations on disk or in history)");
    }

    private static string Markdown(IReadOnlyList<StatusRow> rows)
    {
        var text = new StringBuilder();
        text.Append("## Migration History\n\n");
        var environments = rows.Select(row => row.Environment).Distinct().ToList();
        var showEnvironment = environments.Count > 1;
        var supabase = ShowsSupabase(rows);
        text.Append(showEnvironment ? "| Environment | Date | Migration | Status |" : "| Date | Migration | Status |")
            .Append(supabase ? " Supabase |" : string.Empty)
            .Append(" Notes |\n")
            .Append(showEnvironment ? "|---|---|---|---|" : "|------|-----------|--------|")
            .Append(supabase ? "---|" : string.Empty)
            .Append(showEnvironment ? "---|\n" : "-------|\n");
        foreach (var row in rows)
        {
            var date = Date(row);
            var status = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(row.StateText);
            var cells = new[] { date, row.Name, status, supabase ? SupabaseText(row) : null, row.Notes }.OfType<string>().Select(CiSummaries.MarkdownCell.Escape);
            text.Append("| ").Append(showEnvironment ? CiSummaries.MarkdownCell.Escape(row.Environment) + " | " : string.Empty).Append(string.Join(" | ", cells)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<StatusRow> rows) => JsonReport.Render(JsonSchemaVersion, writer =>
    {
        writer.WriteStartArray("migrations");
        foreach (var row in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("environment", row.Environment);
            writer.WriteString("version", row.Version);
            writer.WriteString("name", row.Name);
            writer.WriteString("id", row.Id);
            writer.WriteString("state", MigrationStateText.Format(row.State).Replace(' ', '_'));
            JsonReport.WriteNullable(writer, "operation", row.DecidedBy is { } operation ? Database.HistoryText.Format(operation) : null);
            JsonReport.WriteNullable(writer, "appliedAt", row.AppliedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            JsonReport.WriteNullable(writer, "appliedBy", row.AppliedBy);
            if (row.ExecutionMilliseconds is { } ms)
            {
                writer.WriteNumber("executionMs", ms);
            }
            else
            {
                writer.WriteNull("executionMs");
            }

            writer.WriteString("notes", row.Notes);
            JsonReport.WriteNullable(writer, "supabase", row.SupabaseListed is { } listed ? (listed ? "listed" : "not_listed") : null);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>
    /// The last change's date, else the version's; a Supabase-only version need not be a 14-digit timestamp (the CLI
    /// takes any leading digits), and is then shown as it is.
    /// </summary>
    private static string Date(StatusRow row) =>
        row.AppliedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : DateTimeOffset.TryParseExact(row.Version, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var version) ? version.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : row.Version;

    private static bool ShowsSupabase(IReadOnlyList<StatusRow> rows) => rows.Any(row => row.SupabaseListed is not null);

    private static string SupabaseText(StatusRow row) => row.SupabaseListed switch
    {
        true => "listed",
        false => "not listed",
        null => string.Empty,
    };

    private static string Timestamp(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}
