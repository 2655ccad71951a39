using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class DeploymentWindowParserTests
{
    private static DeploymentWindow Parse(string text)
    {
        var window = DeploymentWindowParser.Parse(text, TimeZoneLookup.System, out var problem);
        Assert.IsNotNull(window, problem);
        Assert.AreEqual(string.Empty, problem);
        return window;
    }

    private static string Problem(string text)
    {
        Assert.IsNull(DeploymentWindowParser.Parse(text, TimeZoneLookup.System, out var problem), $"'{text}' should not parse");
        return problem;
    }

    private static string Days(WeeklyWindow window) =>
        string.Join(",", window.Days.Order().Select(day => day.ToString()[..3]));

    [TestMethod]
    [DataRow("Sat 02:00-04:00 UTC", "Sat", 120, 240, "UTC")]
    [DataRow("Mon-Fri 22:00-23:30 Europe/Berlin", "Mon,Tue,Wed,Thu,Fri", 1320, 1410, "Europe/Berlin")]
    [DataRow("Sat,Sun 01:00-05:00 America/New_York", "Sun,Sat", 60, 300, "America/New_York")]
    [DataRow("Fri 23:00-01:00 UTC", "Fri", 1380, 60, "UTC")]
    [DataRow("Fri-Mon 00:00-24:00 UTC", "Sun,Mon,Fri,Sat", 0, 1440, "UTC")]
    [DataRow("saturday 2:00 - 4:00 utc", "Sat", 120, 240, "UTC")]
    [DataRow("Sat, Sun 02:00-04:00 UTC", "Sun,Sat", 120, 240, "UTC")]
    public void One_window_reads_its_days_times_and_zone(string text, string days, int start, int end, string zone)
    {
        var window = Parse(text).Windows.Single();

        Assert.AreEqual(days, Days(window));
        Assert.AreEqual(start, window.StartMinute);
        Assert.AreEqual(end, window.EndMinute);
        Assert.AreEqual(zone, window.Zone.Id);
        Assert.AreEqual(end <= start, window.CrossesMidnight);
    }

    [TestMethod]
    public void Several_windows_are_separated_by_semicolons_and_blank_pieces_are_skipped()
    {
        var window = Parse(" Sat 02:00-04:00 UTC ; Wed 22:00-23:00 Europe/Berlin ; ");

        Assert.AreEqual("Sat 02:00-04:00 UTC ; Wed 22:00-23:00 Europe/Berlin ;", window.Text);
        CollectionAssert.AreEqual(new[] { "Sat 02:00-04:00 UTC", "Wed 22:00-23:00 Europe/Berlin" }, window.Windows.Select(w => w.Text).ToArray());
    }

    [TestMethod]
    [DataRow("Sta 02:00-04:00 UTC", "'Sta' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun, a list (Sat,Sun) or a range (Mon-Fri)")]
    [DataRow("Mon-Fry 02:00-04:00 UTC", "'Fry' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun, a list (Sat,Sun) or a range (Mon-Fri)")]
    [DataRow("Mon-Wed-Fri 02:00-04:00 UTC", "'Mon-Wed-Fri' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun, a list (Sat,Sun) or a range (Mon-Fri)")]
    [DataRow("Sat,,Sun 02:00-04:00 UTC", "'' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun, a list (Sat,Sun) or a range (Mon-Fri)")]
    [DataRow("Sat 2-4 UTC", "'2' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)")]
    [DataRow("Sat 02:00-25:00 UTC", "'25:00' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)")]
    [DataRow("Sat 24:00-02:00 UTC", "'24:00' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)")]
    [DataRow("Sat 02:60-04:00 UTC", "'02:60' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)")]
    [DataRow("Sat 02:00-03:00-04:00 UTC", "'02:00-03:00-04:00' is not a time range; write HH:MM-HH:MM, e.g. 02:00-04:00")]
    [DataRow("Sat 02:00 UTC", "'02:00' is not a time range; write HH:MM-HH:MM, e.g. 02:00-04:00")]
    [DataRow("Sat 04:00-04:00 UTC", "'04:00-04:00' starts and ends at the same time; for a whole day write 00:00-24:00")]
    [DataRow("Sat 02:00-04:00", "'Sat 02:00-04:00' has no time zone; add one after the times, e.g. 'Sat 02:00-04:00 UTC'")]
    [DataRow("02:00-04:00 UTC", "'02:00-04:00 UTC' does not say on which days; start it with a day, a list or a range, e.g. Sat, Sat,Sun or Mon-Fri")]
    [DataRow("Sat UTC", "'Sat UTC' has no time range; write HH:MM-HH:MM after the days, e.g. 'Sat 02:00-04:00 UTC'")]
    [DataRow("Saturday", "'Saturday' is missing its times and time zone")]
    [DataRow(" ; ", "it has no window in it")]
    [DataRow("Sat 02:00-04:00 Europe/Berln", "'Europe/Berln' is not a known time zone (did you mean Europe/Berlin?); use an IANA time zone name such as UTC, Europe/Berlin or America/New_York")]
    [DataRow("Sat 02:00-04:00 Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a known time zone; use an IANA time zone name such as UTC, Europe/Berlin or America/New_York")]
    public void A_bad_window_names_the_bad_part(string text, string problem)
    {
        Assert.AreEqual(problem, Problem(text));
    }

    [TestMethod]
    public void Among_several_windows_the_bad_one_is_named()
    {
        Assert.AreEqual(
            "in the window 'Sun 2-4 UTC', '2' is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end)",
            Problem("Sat 02:00-04:00 UTC; Sun 2-4 UTC"));
    }
}
