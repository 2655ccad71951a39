using System.Globalization;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// Reads <c>MigrationsDeploymentWindow</c>: windows separated by <c>;</c>, each days, a time range and a zone —
/// <c>Sat 02:00-04:00 UTC</c>, <c>Mon-Fri 22:00-23:30 Europe/Berlin</c>, <c>Sat,Sun 01:00-05:00 America/New_York</c>.
/// Days are names (Mon or Monday, any case), lists (Sat,Sun) and ranges (Mon-Fri, Fri-Mon across the week's end).
/// The zone is required: a window read in whatever zone the build machine happens to run in would move between
/// a laptop and CI. A problem names the part that is wrong, so a typo in one of several windows is found at once.
/// </summary>
internal static class DeploymentWindowParser
{
    public const string Example = "'Sat 02:00-04:00 UTC' or 'Mon-Fri 22:00-23:30 Europe/Berlin'";

    private static readonly Dictionary<string, DayOfWeek> DayNames = BuildDayNames();

    /// <summary>The window, or null with <paramref name="problem"/> naming the bad part and how to write it.</summary>
    public static DeploymentWindow? Parse(string text, TimeZoneLookup zones, out string problem)
    {
        ArgumentNullException.ThrowIfNull(zones);
        problem = string.Empty;
        var trimmed = text.Trim();
        // Blank pieces (a trailing ';') are skipped, as MSBuild lists allow.
        var pieces = trimmed.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var windows = new List<WeeklyWindow>();
        foreach (var piece in pieces)
        {
            var window = ParseWindow(piece, zones, out var pieceProblem);
            if (window is null)
            {
                problem = pieces.Length > 1 ? $"in the window '{piece}', {pieceProblem}" : pieceProblem;
                return null;
            }

            windows.Add(window);
        }

        if (windows.Count == 0)
        {
            problem = "it has no window in it";
            return null;
        }

        return new DeploymentWindow(trimmed, windows);
    }

    private static WeeklyWindow? ParseWindow(string text, TimeZoneLookup zones, out string problem)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            problem = $"'{text}' is missing its times and time zone";
            return null;
        }

        var zoneName = tokens[^1];

        if (zoneName.Any(char.IsDigit) && zoneName.Contains(':', StringComparison.Ordinal))
        {
            problem = $"'{text}' has no time zone; add one after the times, e.g. '{text} UTC'";
            return null;
        }

        // Days end where the first digit starts the times, so 'Sat 02:00 - 04:00' and 'Sat, Sun' read as meant.
        var rest = text[..text.LastIndexOf(zoneName, StringComparison.Ordinal)];
        var firstDigit = rest.AsSpan().IndexOfAnyInRange('0', '9');
        if (firstDigit < 0)
        {
            problem = $"'{text}' has no time range; write HH:MM-HH:MM after the days, e.g. 'Sat 02:00-04:00 UTC'";
            return null;
        }

        var daysText = WithoutSpaces(rest[..firstDigit]);
        var timesText = WithoutSpaces(rest[firstDigit..]);
        if (daysText.Length == 0)
        {
            problem = $"'{text}' does not say on which days; start it with a day, a list or a range, e.g. Sat, Sat,Sun or Mon-Fri";
            return null;
        }

        if (ParseDays(daysText, out problem) is not { } days
            || ParseTimes(timesText, out problem) is not var (start, end)
            || zones.Find(zoneName, out problem) is not { } zone)
        {
            return null;
        }

        return new WeeklyWindow(text, days, start, end, zone);
    }

    private static HashSet<DayOfWeek>? ParseDays(string text, out string problem)
    {
        problem = string.Empty;
        var days = new HashSet<DayOfWeek>();
        foreach (var item in text.Split(','))
        {
            var ends = item.Split('-');
            if (ends.Length > 2 || ends.Any(end => !DayNames.ContainsKey(end)))
            {
                var bad = ends.Length > 2 ? item : ends.First(end => !DayNames.ContainsKey(end));
                problem = $"'{bad}' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun, a list (Sat,Sun) or a range (Mon-Fri)";
                return null;
            }

            // A range runs forward through the week, so Fri-Mon is Friday, Saturday, Sunday and Monday.
            var first = DayNames[ends[0]];
            var last = DayNames[ends[^1]];
            for (var day = first; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static (int Start, int End)? ParseTimes(string text, out string problem)
    {
        problem = string.Empty;
        var ends = text.Split('-');
        if (ends.Length != 2)
        {
            problem = $"'{text}' is not a time range; write HH:MM-HH:MM, e.g. 02:00-04:00";
            return null;
        }

        if (ParseTime(ends[0], allowEndOfDay: false, out problem) is not { } start || ParseTime(ends[1], allowEndOfDay: true, out problem) is not { } end)
        {
            return null;
        }

        if (start == end)
        {
            problem = $"'{text}' starts and ends at the same time; for a whole day write 00:00-24:00";
            return null;
        }

        return (start, end);
    }

    private static int? ParseTime(string text, bool allowEndOfDay, out string problem)
    {
        problem = string.Empty;
        var parts = text.Split(':');
        if (parts.Length == 2
            && parts[0].Length is 1 or 2 && parts[1].Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            && minute < 60
            && (hour < 24 || (allowEndOfDay && hour == 24 && minute == 0)))
        {
            return (hour * 60) + minute;
        }

        problem = $"'{text}' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)";
        return null;
    }

    private static string WithoutSpaces(string text) => string.Concat(text.Where(character => !char.IsWhiteSpace(character)));

    private static Dictionary<string, DayOfWeek> BuildDayNames()
    {
        var names = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            names[day.ToString()] = day;
            names[day.ToString()[..3]] = day;
        }

        return names;
    }
}
