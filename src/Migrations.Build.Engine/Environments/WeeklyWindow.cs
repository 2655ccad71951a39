namespace Migrations.Build.Engine.Environments;

/// <summary>
/// One weekly deployment window, e.g. <c>Mon-Fri 22:00-23:30 Europe/Berlin</c>: the days it opens on, the minutes of the
/// day it opens and closes at, and the zone whose wall clock those are in. A window whose end is not after its start
/// crosses midnight and closes on the following day (<c>Fri 23:00-01:00</c> is Friday 23:00 to Saturday 01:00).
/// </summary>
/// <remarks>
/// Wall-clock time, on purpose: a window is what people agree on ("Saturday 2 to 4, Berlin time"), so it moves with
/// daylight saving time. On the night a clock change falls inside a window, the window is an hour shorter (the skipped
/// hour never happens) or longer (the repeated hour happens twice).
/// </remarks>
internal sealed record WeeklyWindow(string Text, IReadOnlySet<DayOfWeek> Days, int StartMinute, int EndMinute, TimeZoneInfo Zone)
{
    public const int MinutesPerDay = 24 * 60;

    public bool CrossesMidnight => EndMinute <= StartMinute;

    /// <summary>Whether the window is open at <paramref name="instant"/>, judged by the wall clock in its zone.</summary>
    public bool IsOpenAt(DateTimeOffset instant)
    {
        var local = LocalTime(instant);
        var minute = (local.Hour * 60) + local.Minute;
        if (!CrossesMidnight)
        {
            return Days.Contains(local.DayOfWeek) && minute >= StartMinute && minute < EndMinute;
        }

        var dayBefore = (DayOfWeek)(((int)local.DayOfWeek + 6) % 7);
        return (Days.Contains(local.DayOfWeek) && minute >= StartMinute) || (Days.Contains(dayBefore) && minute < EndMinute);
    }

    /// <summary>The wall-clock time in the window's zone at <paramref name="instant"/>.</summary>
    public DateTimeOffset LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
