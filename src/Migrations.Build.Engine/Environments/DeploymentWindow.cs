using System.Globalization;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// <c>MigrationsDeploymentWindow</c> as parsed: one or more weekly windows; it is open when any of them is.
/// </summary>
internal sealed class DeploymentWindow(string text, IReadOnlyList<WeeklyWindow> windows)
{
    // Every weekly window recurs within a week; two cover a window whose only opening this week falls in a skipped
    // daylight-saving hour.
    private static readonly TimeSpan LookAhead = TimeSpan.FromDays(15);

    /// <summary>The setting as the user wrote it, trimmed.</summary>
    public string Text { get; } = text;

    public IReadOnlyList<WeeklyWindow> Windows { get; } = windows;

    public bool IsOpenAt(DateTimeOffset instant) => Windows.Any(window => window.IsOpenAt(instant));

    /// <summary>
    /// The first whole minute after <paramref name="instant"/> at which a window is open, with that window; null when
    /// none opens within two weeks. Found by stepping minute by minute, because a window is defined on the wall clock
    /// and the wall clock jumps at daylight-saving changes: stepping real time and asking each window finds the true
    /// opening without reasoning about skipped or repeated local times. Two weeks of minutes is about 20,000 checks.
    /// </summary>
    public (DateTimeOffset Opens, WeeklyWindow Window)? NextOpening(DateTimeOffset instant)
    {
        var minute = new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var candidate = minute.AddMinutes(1); candidate <= instant + LookAhead; candidate = candidate.AddMinutes(1))
        {
            if (Windows.FirstOrDefault(window => window.IsOpenAt(candidate)) is { } open)
            {
                return (candidate, open);
            }
        }

        return null;
    }

    /// <summary>"Mon 12:40 UTC", once for each zone the windows use: what the clocks the windows follow show now.</summary>
    public string DescribeNow(DateTimeOffset instant) => string.Join(
        " / ",
        Windows.Select(window => window.Zone).DistinctBy(zone => zone.Id).Select(zone => Describe(TimeZoneInfo.ConvertTime(instant, zone), zone, withDate: false)));

    /// <summary>"Sat 2026-12-05 02:00 Europe/Berlin (01:00 UTC)": a moment on the window's clock, with UTC beside a local zone.</summary>
    public static string DescribeOpening(DateTimeOffset opens, WeeklyWindow window)
    {
        var local = Describe(window.LocalTime(opens), window.Zone, withDate: true);
        return window.Zone.BaseUtcOffset == TimeSpan.Zero && !window.Zone.SupportsDaylightSavingTime
            ? local
            : $"{local} ({opens.UtcDateTime.ToString("ddd HH:mm", CultureInfo.InvariantCulture)} UTC)";
    }

    /// <summary>"4 d 13 h 20 min": how long until a window opens, to the minute.</summary>
    public static string DescribeWait(TimeSpan wait)
    {
        var minutes = (long)Math.Ceiling(wait.TotalMinutes);
        var parts = new List<string>();
        if (minutes >= WeeklyWindow.MinutesPerDay)
        {
            parts.Add($"{minutes / WeeklyWindow.MinutesPerDay} d");
        }

        if (minutes % WeeklyWindow.MinutesPerDay >= 60)
        {
            parts.Add($"{minutes % WeeklyWindow.MinutesPerDay / 60} h");
        }

        if (minutes % 60 > 0 || parts.Count == 0)
        {
            parts.Add($"{minutes % 60} min");
        }

        return string.Join(" ", parts);
    }

    private static string Describe(DateTimeOffset local, TimeZoneInfo zone, bool withDate) =>
        local.ToString(withDate ? "ddd yyyy-MM-dd HH:mm" : "ddd HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id;
}
