using System.Globalization;
using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// The closing line of an operation that ran migrations, with the time each took: on the line itself for a few,
/// as an aligned list for more, and for a long run (a first deploy of hundreds) only the slowest, which is what the
/// summary is read for, with the rest counted and totalled so the log stays short.
/// </summary>
internal static class TimingSummary
{
    /// <summary>Up to this many migrations are listed on the summary line itself.</summary>
    public const int OnOneLine = 5;

    /// <summary>Up to this many are listed at all; a longer run lists its slowest this many.</summary>
    public const int Listed = 10;

    /// <summary>
    /// <paramref name="headline"/> (e.g. "Applied 3 migrations to Staging in 4.2 s") followed by the migrations'
    /// times, ending with a period on one line or with the list on the lines below.
    /// </summary>
    public static string Render(string headline, IReadOnlyList<MigrationTiming> timings)
    {
        if (timings.Count == 0)
        {
            return headline + ".";
        }

        if (timings.Count <= OnOneLine)
        {
            return $"{headline}: {string.Join(", ", timings.Select(timing => $"{timing.Migration} {Duration(timing.Elapsed)}"))}.";
        }

        var shown = timings.Count <= Listed
            ? timings
            : timings.OrderByDescending(timing => timing.Elapsed).Take(Listed).ToList();
        var intro = timings.Count <= Listed
            ? $"{headline}:"
            : $"{headline}; the {Listed} slowest (the other {timings.Count - Listed} took {Duration(Sum(timings) - Sum(shown))} together):";
        var width = shown.Max(timing => Duration(timing.Elapsed).Length);
        return intro + string.Concat(shown.Select(timing => $"{Environment.NewLine}    {Duration(timing.Elapsed).PadLeft(width)}  {timing.Migration}"));
    }

    /// <summary>"1 migration" / "3 migrations".</summary>
    public static string Count(int count) => count == 1 ? "1 migration" : count.ToString(CultureInfo.InvariantCulture) + " migrations";

    /// <summary>A migration's time: milliseconds under a second (most take a few, and "0.0 s" would say nothing), else as the lock lines write it.</summary>
    public static string Duration(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromSeconds(1)
            ? ((long)Math.Max(0, elapsed.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms"
            : ElapsedText.Format(elapsed);

    private static TimeSpan Sum(IEnumerable<MigrationTiming> timings) => timings.Aggregate(TimeSpan.Zero, (total, timing) => total + timing.Elapsed);
}
