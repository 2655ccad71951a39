using System.Globalization;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Reads durations written the way PostgreSQL settings are (<c>500ms</c>, <c>60s</c>, <c>5min</c>, <c>1h</c>), so
/// MigrationsLockWait reads like MigrationsLockTimeout next to it. A bare number is seconds.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (value.Length == 0)
        {
            return false;
        }

        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("min", 60), ("s", 1), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal) && TryNumber(value[..^suffix.Length], out var number))
            {
                duration = TimeSpan.FromSeconds(number * seconds);
                return true;
            }
        }

        if (TryNumber(value, out var bare))
        {
            duration = TimeSpan.FromSeconds(bare);
            return true;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    private static bool TryNumber(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number) && number >= 0;
}
