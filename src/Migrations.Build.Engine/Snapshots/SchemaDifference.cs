namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// One way in which the actual schema differs from the expected one, readable as one line:
/// <c>table public.invoices: exists after rollback but not before</c>,
/// <c>column public.customers.plan: type text, expected character varying(20)</c>,
/// <c>policy "tenant_isolation" on public.invoices: missing</c>.
/// </summary>
internal sealed record SchemaDifference(
    SchemaDifferenceKind Kind,
    string ObjectKind,
    string ObjectName,
    string? Property,
    string? ExpectedValue,
    string? ActualValue,
    string ExpectedLabel,
    string ActualLabel)
{
    /// <summary>Long or multi-line values (definitions, bodies) are shown from their first differing line, cut to this.</summary>
    private const int MaxShownValueLength = 100;

    public string ObjectKey => ObjectKind + " " + ObjectName;

    public string Text => Kind switch
    {
        SchemaDifferenceKind.Missing => $"{ObjectKey}: missing",
        SchemaDifferenceKind.Unexpected => $"{ObjectKey}: exists {ActualLabel} but not {ExpectedLabel}",
        _ => $"{ObjectKey}: {Property} {DescribeChange(ExpectedValue, ActualValue)}",
    };

    public override string ToString() => Text;

    private static string DescribeChange(string? expected, string? actual)
    {
        if (!IsLong(expected) && !IsLong(actual))
        {
            return $"{Show(actual)}, expected {Show(expected)}";
        }

        // A function body or view definition in full would bury the change; point at the first line that differs.
        var expectedLines = (expected ?? string.Empty).Split('\n');
        var actualLines = (actual ?? string.Empty).Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        return $"differs at line {line + 1}: {ShowLine(actualLines, line)}, expected {ShowLine(expectedLines, line)}";
    }

    private static bool IsLong(string? value) => value is not null && (value.Contains('\n') || value.Length > MaxShownValueLength);

    private static string Show(string? value) => value is null ? "(none)" : value.Length == 0 ? "(empty)" : value;

    private static string ShowLine(string[] lines, int index)
    {
        if (index >= lines.Length)
        {
            return "(end)";
        }

        var line = lines[index].Trim();
        if (line.Length > MaxShownValueLength)
        {
            line = line[..MaxShownValueLength] + "…";
        }

        return "\"" + line + "\"";
    }
}
