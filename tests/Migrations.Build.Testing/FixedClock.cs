using System.Globalization;

namespace Migrations.Build.Testing;

/// <summary>A clock stopped at one instant, so a test can put "now" inside or outside a deployment window.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>An instant given as UTC wall-clock text, e.g. "2026-11-30 12:40".</summary>
    public static FixedClock AtUtc(string text) =>
        new(DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
}
