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
        return difference.Kind == SchemaDifferenceKind.Missing
            ? $"{difference.ExpectedLabel} but missing {difference.ActualLabel}"
            : difference.Text[(difference.ObjectKey.Length + 2)..];
    }

    /// <summary>The whole line: <c>index public.invoices_status_idx: exists on Production but not in its history</c>.</summary>
    public static string Line(SchemaDifference difference) => difference.ObjectKey + ": " + Detail(difference);
}
