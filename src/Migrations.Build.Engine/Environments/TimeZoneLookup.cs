using Migrations.Build.Engine.Text;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// Finds the time zone a deployment window names, by IANA name (<c>Europe/Berlin</c>). .NET reads the operating
/// system's tz database for these; it needs no ICU, so it works under InvariantGlobalization too. Windows names
/// (<c>W. Europe Standard Time</c>) are not promised: off Windows they need ICU to translate. A machine without the tz
/// database (a slim container without tzdata) knows only UTC, and the message says so instead of blaming the name.
/// </summary>
internal sealed class TimeZoneLookup(Func<string, TimeZoneInfo?> find, Func<IReadOnlyCollection<string>> knownIds)
{
    // With no tz database .NET still knows UTC itself: one zone (or none) means the database is missing.
    private const int FewestZonesOfARealDatabase = 2;

    public static TimeZoneLookup System { get; } = new(FindSystemZone, () => TimeZoneInfo.GetSystemTimeZones().Select(zone => zone.Id).ToList());

    /// <summary>The zone named <paramref name="id"/>, or null with <paramref name="problem"/> saying why not and what to write instead.</summary>
    public TimeZoneInfo? Find(string id, out string problem)
    {
        problem = string.Empty;
        if (find(id) is { } zone)
        {
            return zone;
        }

        var known = knownIds();
        if (known.Count < FewestZonesOfARealDatabase)
        {
            problem = $"'{id}' is not a time zone this machine knows: it has no time zone database (on Linux, install the tzdata package), so only UTC can be used";
            return null;
        }

        var suggestion = SpellingSuggestion.Find(id, known);
        problem = $"'{id}' is not a known time zone"
            + (suggestion is null ? string.Empty : $" (did you mean {suggestion}?)")
            + "; use an IANA time zone name such as UTC, Europe/Berlin or America/New_York";
        return null;
    }

    private static TimeZoneInfo? FindSystemZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or global::System.Security.SecurityException)
        {
            return null;
        }
    }
}
