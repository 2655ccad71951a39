using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Drift;

/// <summary>One environment's drift check: how many migrations its history replayed, on what, and every difference.</summary>
internal sealed record DriftReport(string Environment, int MigrationsReplayed, string ReplayServer, IReadOnlyList<SchemaDifference> Differences)
{
    public bool HasDrift => Differences.Count > 0;

    /// <summary>
    /// What differs, after the object's name: "exists on Production but not in its history", "default 'paid'::text,
    /// expected 'open'::text", or — for an object the history makes and the database lacks — "in its history but
    /// missing on Production".
    /// </summary>
    public static string Detail(SchemaDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return difference.Kind switch
        {
            SchemaDifferenceKind.Missing => $"{difference.ExpectedLabel} but missing {difference.ActualLabel}",
            SchemaDifferenceKind.Changed when difference is { Property: AclProperty, ExpectedValue: { } expected, ActualValue: { } actual } => AclChange(expected, actual, difference),
            _ => difference.Text[(difference.ObjectKey.Length + 2)..],
        };
    }

    private const string AclProperty = "acl";

    /// <summary>
    /// A privilege list differs by the grants in one and not the other: name those, instead of two long lists cut
    /// where they first differ ("granted on Production but not in its history: app_reader=r/deploy").
    /// </summary>
    private static string AclChange(string expected, string actual, SchemaDifference difference)
    {
        var inHistory = expected.Split(", ");
        var live = actual.Split(", ");
        var parts = new List<string>();
        if (live.Except(inHistory, StringComparer.Ordinal).ToList() is { Count: > 0 } added)
        {
            parts.Add($"granted {difference.ActualLabel} but not {difference.ExpectedLabel}: {string.Join(", ", added)}");
        }

        if (inHistory.Except(live, StringComparer.Ordinal).ToList() is { Count: > 0 } removed)
        {
            parts.Add($"granted {difference.ExpectedLabel} but not {difference.ActualLabel}: {string.Join(", ", removed)}");
        }

        return parts.Count == 0 ? difference.Text[(difference.ObjectKey.Length + 2)..] : string.Join("; ", parts);
    }

    /// <summary>The whole line: <c>index public.invoices_status_idx: exists on Production but not in its history</c>.</summary>
    public static string Line(SchemaDifference difference) => difference.ObjectKey + ": " + Detail(difference);
}
