namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// One way in which the actual schema differs from the expected one, readable as one line:
/// <c>table public.invoices: exists after rollback but not before</c>,
/// <c>column public.customers.plan: type text, expected character varying(20)</c>,
/// <c>policy "tenant_isolation" on public.invoices: missing</c>,
/// <c>column public.post.keywords: position 9, was 4</c>,
/// <c>function public.f(): body differs only in whitespace</c>.
/// </summary>
/// <param name="MovedAfter">For a moved column: the column it now follows, named when its position number alone did not change.</param>
internal sealed record SchemaDifference(
    SchemaDifferenceKind Kind,
    string ObjectKind,
    string ObjectName,
    string? Property,
    string? ExpectedValue,
    string? ActualValue,
    string ExpectedLabel,
    string ActualLabel,
    string? MovedAfter = null)
{
    /// <summary>Long or multi-line values (definitions, bodies) are shown from their first differing line, cut to this.</summary>
    private const int MaxShownValueLength = 100;

    public string ObjectKey => ObjectKind + " " + ObjectName;

    public string Text => Kind switch
    {
        SchemaDifferenceKind.Missing => $"{ObjectKey}: missing",
        SchemaDifferenceKind.Unexpected => $"{ObjectKey}: exists {ActualLabel} but not {ExpectedLabel}",
        SchemaDifferenceKind.Moved => $"{ObjectKey}: {Property} {ActualValue}, was {ExpectedValue}" + (MovedAfter is null ? string.Empty : $" (now after {MovedAfter})"),
        SchemaDifferenceKind.Reformatted => $"{ObjectKey}: {ReformattedPart} differs only in whitespace",
        _ => $"{ObjectKey}: {Property} {DescribeChange(ExpectedValue, ActualValue)}",
    };

    public override string ToString() => Text;

    // pg_get_functiondef's text is a whole CREATE statement, but only the body in it can carry the author's layout.
    private string ReformattedPart => ObjectKind is SnapshotObjectKinds.Function or SnapshotObjectKinds.Procedure ? "body" : Property ?? "definition";

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
