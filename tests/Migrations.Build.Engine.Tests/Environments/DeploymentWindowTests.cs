using Migrations.Build.Engine.Environments;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Environments;

/// <summary>When a window is open, judged at fixed instants (2026-11-28 is a Saturday, 2026-11-30 a Monday).</summary>
[TestClass]
public sealed class DeploymentWindowTests
{
    private static DeploymentWindow Window(string text) =>
        DeploymentWindowParser.Parse(text, TimeZoneLookup.System, out var problem) ?? throw new AssertFailedException(problem);

    private static DateTimeOffset Utc(string text) => FixedClock.AtUtc(text).GetUtcNow();

    [TestMethod]
    [DataRow("2026-11-28 01:59", false)]
    [DataRow("2026-11-28 02:00", true)]
    [DataRow("2026-11-28 03:59", true)]
    [DataRow("2026-11-28 04:00", false)]
    [DataRow("2026-11-30 03:00", false)]
    public void A_window_opens_at_its_start_and_closes_at_its_end(string instant, bool open)
    {
        Assert.AreEqual(open, Window("Sat 02:00-04:00 UTC").IsOpenAt(Utc(instant)));
    }

    [TestMethod]
    [DataRow("2026-11-27 22:59", false)]
    [DataRow("2026-11-27 23:00", true)]
    [DataRow("2026-11-28 00:30", true)]
    [DataRow("2026-11-28 01:00", false)]
    [DataRow("2026-11-28 23:30", false)]
    [DataRow("2026-11-26 23:30", false)]
    public void A_window_that_crosses_midnight_closes_on_the_next_day(string instant, bool open)
    {
        Assert.AreEqual(open, Window("Fri 23:00-01:00 UTC").IsOpenAt(Utc(instant)));
    }

    [TestMethod]
    public void A_window_is_read_on_its_zones_wall_clock()
    {
        // 22:30 in Berlin on a Monday in winter is 21:30 UTC; in New York, Saturday 01:00 is 06:00 UTC.
        var windows = Window("Mon-Fri 22:00-23:30 Europe/Berlin; Sat,Sun 01:00-05:00 America/New_York");

        Assert.IsTrue(windows.IsOpenAt(Utc("2026-11-30 21:30")));
        Assert.IsFalse(windows.IsOpenAt(Utc("2026-11-30 22:30")));
        Assert.IsFalse(windows.IsOpenAt(Utc("2026-11-28 05:59")));
        Assert.IsTrue(windows.IsOpenAt(Utc("2026-11-28 06:00")));
        Assert.AreEqual("Mon 22:40 Europe/Berlin / Mon 16:40 America/New_York", windows.DescribeNow(Utc("2026-11-30 21:40")));
    }

    [TestMethod]
    public void On_the_night_clocks_go_forward_the_window_loses_the_skipped_hour()
    {
        // Berlin, Sunday 2025-03-30: 02:00 CET jumps to 03:00 CEST at 01:00 UTC, so 02:00-04:00 is one hour, 01:00-02:00 UTC.
        var window = Window("Sun 02:00-04:00 Europe/Berlin");

        Assert.IsFalse(window.IsOpenAt(Utc("2025-03-30 00:59")));
        Assert.IsTrue(window.IsOpenAt(Utc("2025-03-30 01:00")));
        Assert.IsTrue(window.IsOpenAt(Utc("2025-03-30 01:59")));
        Assert.IsFalse(window.IsOpenAt(Utc("2025-03-30 02:00")));
        Assert.AreEqual(Utc("2025-03-30 01:00"), window.NextOpening(Utc("2025-03-29 12:00"))!.Value.Opens);
    }

    [TestMethod]
    public void On_the_night_clocks_go_back_the_window_gains_the_repeated_hour()
    {
        // Berlin, Sunday 2025-10-26: 03:00 CEST falls back to 02:00 CET at 01:00 UTC, so 02:00-04:00 is three hours, 00:00-03:00 UTC.
        var window = Window("Sun 02:00-04:00 Europe/Berlin");

        Assert.IsFalse(window.IsOpenAt(Utc("2025-10-25 23:59")));
        Assert.IsTrue(window.IsOpenAt(Utc("2025-10-26 00:00")));
        Assert.IsTrue(window.IsOpenAt(Utc("2025-10-26 02:59")));
        Assert.IsFalse(window.IsOpenAt(Utc("2025-10-26 03:00")));
    }

    [TestMethod]
    public void The_next_opening_is_the_earliest_of_all_windows()
    {
        var windows = Window("Sat 02:00-04:00 UTC; Wed 22:00-23:00 Europe/Berlin");

        var (opens, window) = windows.NextOpening(Utc("2026-11-30 12:40"))!.Value;

        Assert.AreEqual(Utc("2026-12-02 21:00"), opens);
        Assert.AreEqual("Wed 22:00-23:00 Europe/Berlin", window.Text);
        Assert.AreEqual("Wed 2026-12-02 22:00 Europe/Berlin (Wed 21:00 UTC)", DeploymentWindow.DescribeOpening(opens, window));
    }

    [TestMethod]
    public void The_next_opening_is_after_now_even_when_now_is_inside()
    {
        var window = Window("Sat 02:00-04:00 UTC");

        var (opens, _) = window.NextOpening(Utc("2026-11-28 02:30"))!.Value;

        Assert.AreEqual(Utc("2026-11-28 02:31"), opens);
        Assert.AreEqual("Sat 2026-11-28 02:31 UTC", DeploymentWindow.DescribeOpening(opens, window.Windows[0]));
    }

    [TestMethod]
    [DataRow(0.5, "1 min")]
    [DataRow(59.0, "59 min")]
    [DataRow(60.0, "1 h")]
    [DataRow(61.5, "1 h 2 min")]
    [DataRow(1440.0, "1 d")]
    [DataRow(6560.0, "4 d 13 h 20 min")]
    public void Waits_are_said_to_the_minute(double minutes, string text)
    {
        Assert.AreEqual(text, DeploymentWindow.DescribeWait(TimeSpan.FromMinutes(minutes)));
    }
}
