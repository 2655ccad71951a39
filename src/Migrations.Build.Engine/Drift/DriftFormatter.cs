using System.Text;
using System.Text.Json;
using Migrations.Build.Engine.CiSummaries;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Drift;

/// <summary>Renders drift reports as an aligned table, JSON (schema in docs/drift-json.md) or a Markdown "Schema drift" table.</summary>
internal static class DriftFormatter
{
    public const int JsonSchemaVersion = 1;

    public static string Format(IReadOnlyList<DriftReport> reports, StatusFormat format) => format switch
    {
        StatusFormat.Json => Json(reports),
        StatusFormat.Markdown => Markdown(reports),
        _ => Table(reports),
    };

    /// <summary>One row per difference, and one per environment without drift so a clean check is visible too.</summary>
    private static List<string[]> Rows(IReadOnlyList<DriftReport> reports) =>
        reports.SelectMany(report => report.HasDrift
            ? report.Differences.Select(difference => new[] { report.Environment, difference.ObjectKey, DriftReport.Detail(difference) })
            : [[report.Environment, "(none)", $"no drift: the schema is what its {report.MigrationsReplayed} applied migration(s) build"]]).ToList();

    private static string Table(IReadOnlyList<DriftReport> reports) =>
        TextTable.Render(["Environment", "Object", "Difference"], Rows(reports), "(no environment checked)");

    private static string Markdown(IReadOnlyList<DriftReport> reports)
    {
        var text = new StringBuilder("## Schema drift\n\n| Environment | Object | Difference |\n|---|---|---|\n");
        foreach (var row in Rows(reports))
        {
            text.Append("| ").Append(string.Join(" | ", row.Select(MarkdownCell.Escape))).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<DriftReport> reports)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", JsonSchemaVersion);
            writer.WriteStartArray("environments");
            foreach (var report in reports)
            {
                writer.WriteStartObject();
                writer.WriteString("environment", report.Environment);
                writer.WriteBoolean("drift", report.HasDrift);
                writer.WriteNumber("migrationsReplayed", report.MigrationsReplayed);
                writer.WriteString("replayServer", report.ReplayServer);
                writer.WriteStartArray("differences");
                foreach (var difference in report.Differences)
                {
                    WriteDifference(writer, difference);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteDifference(Utf8JsonWriter writer, SchemaDifference difference)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", KindName(difference.Kind));
        writer.WriteString("objectKind", difference.ObjectKind);
        writer.WriteString("objectName", difference.ObjectName);
        WriteNullable(writer, "property", difference.Property);
        WriteNullable(writer, "inHistory", difference.ExpectedValue);
        WriteNullable(writer, "live", difference.ActualValue);
        writer.WriteString("text", DriftReport.Line(difference));
        writer.WriteEndObject();
    }

    /// <summary>Said from the live database's side: "missing" there, "unexpected" there, "changed" there.</summary>
    private static string KindName(SchemaDifferenceKind kind) => kind switch
    {
        SchemaDifferenceKind.Missing => "missing",
        SchemaDifferenceKind.Unexpected => "unexpected",
        SchemaDifferenceKind.Moved => "moved",
        SchemaDifferenceKind.Reformatted => "reformatted",
        _ => "changed",
    };

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
