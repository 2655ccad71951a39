using System.Globalization;
using System.Text;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// How every migration of a Local replay was judged, like a compiler's closing line: proven, refuted (the rollback
/// ran but the schema was not restored), failed (SQL error, lost connection), irreversible (applied, never proven),
/// applied only (before the one named) and not reached (after a forward that cannot be applied, or after the first
/// failure when asked to stop there).
/// </summary>
internal sealed class ReplaySummary
{
    private readonly List<string> proven = [];
    private readonly List<string> refuted = [];
    private readonly List<string> failed = [];
    private readonly List<string> irreversible = [];
    private readonly List<string> appliedOnly = [];
    private readonly List<string> notReached = [];

    public IReadOnlyList<string> Proven => proven;

    public IReadOnlyList<string> Refuted => refuted;

    /// <summary>Each as <c>id (at "step")</c>.</summary>
    public IReadOnlyList<string> Failed => failed;

    public IReadOnlyList<string> Irreversible => irreversible;

    public IReadOnlyList<string> AppliedOnly => appliedOnly;

    public IReadOnlyList<string> NotReached => notReached;

    /// <summary>True when nothing was refuted, failed or left unjudged; irreversible migrations alone do not fail a run.</summary>
    public bool Succeeded => refuted.Count == 0 && failed.Count == 0 && notReached.Count == 0;

    public int Total => proven.Count + refuted.Count + failed.Count + irreversible.Count + appliedOnly.Count + notReached.Count;

    public void AddProven(string id) => proven.Add(id);

    public void AddRefuted(string id) => refuted.Add(id);

    public void AddFailed(string id, string step) => failed.Add($"{id} (at \"{step}\")");

    public void AddIrreversible(string id) => irreversible.Add(id);

    public void AddAppliedOnly(string id) => appliedOnly.Add(id);

    public void AddNotReached(string id) => notReached.Add(id);

    /// <summary>
    /// The closing lines: one count line, then one line per kind that is not all right, naming every migration in it.
    /// Proven ones are named in <see cref="ProvenLine"/> instead, which a quiet log leaves out.
    /// </summary>
    public string Render()
    {
        var counts = new List<string> { Count(proven.Count, "proven") };
        AddCount(counts, refuted.Count, "refuted");
        AddCount(counts, failed.Count, "failed");
        AddCount(counts, irreversible.Count, "irreversible");
        AddCount(counts, appliedOnly.Count, "applied before the one under test");
        AddCount(counts, notReached.Count, "not reached");

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"TestMigration on Local: {Count(Total, Total == 1 ? "migration" : "migrations")} — {string.Join(", ", counts)}; the throwaway database is dropped.");
        AppendNames(text, "refuted (the rollback does not restore the schema)", refuted);
        AppendNames(text, "failed", failed);
        AppendNames(text, "irreversible (applied, never proven)", irreversible);
        AppendNames(text, "not reached", notReached);
        return text.ToString();
    }

    /// <summary>Every proven migration by name, or null when there is none.</summary>
    public string? ProvenLine() => proven.Count == 0 ? null : "Proven on Local: " + string.Join(", ", proven) + ".";

    private static string Count(int count, string what) => count.ToString(CultureInfo.InvariantCulture) + " " + what;

    private static void AddCount(List<string> counts, int count, string what)
    {
        if (count > 0)
        {
            counts.Add(Count(count, what));
        }
    }

    private static void AppendNames(StringBuilder text, string heading, List<string> ids)
    {
        if (ids.Count > 0)
        {
            text.Append(Environment.NewLine).Append("    ").Append(heading).Append(": ").Append(string.Join(", ", ids));
        }
    }
}
