using System.Globalization;

namespace Migrations.Build.Engine.Database;

/// <summary>A duration the way a person reads it in a log: <c>1.2 s</c>, <c>3 min 05 s</c>, <c>2 h 07 min</c>.</summary>
internal static class ElapsedText
{
    public static string Format(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            elapsed = TimeSpan.Zero;
        }

        if (elapsed < TimeSpan.FromMinutes(1))
        {
            // Truncated, not rounded, so 59.96 s never reads as "60.0 s".
            var tenths = Math.Floor(elapsed.TotalSeconds * 10) / 10;
            return tenths.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        }

        return elapsed < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours} h {elapsed.Minutes:00} min");
    }
}
