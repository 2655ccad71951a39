using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>The closing line with per-migration times: on one line for a few, a list for more, the slowest for many.</summary>
[TestClass]
public sealed class TimingSummaryTests
{
    [TestMethod]
    public void A_few_migrations_are_listed_on_the_line_in_the_order_they_ran()
    {
        var line = TimingSummary.Render("Applied 3 migrations to Staging in 4.2 s", [Timing("20250101000000_a", 300), Timing("20250102000000_b", 1_250), Timing("20250103000000_c", 12)]);

        Assert.AreEqual("Applied 3 migrations to Staging in 4.2 s: 20250101000000_a 300 ms, 20250102000000_b 1.2 s, 20250103000000_c 12 ms.", line);
    }

    [TestMethod]
    public void Up_to_ten_are_an_aligned_list_in_order()
    {
        var timings = Enumerable.Range(1, 6).Select(day => Timing($"202501{day:00}000000_m{day}", day == 4 ? 61_000 : day * 10)).ToList();

        var lines = TimingSummary.Render("Applied 6 migrations to Staging in 1 min 01 s", timings).Split(Environment.NewLine);

        CollectionAssert.AreEqual(
            new[]
            {
                "Applied 6 migrations to Staging in 1 min 01 s:",
                "         10 ms  20250101000000_m1",
                "         20 ms  20250102000000_m2",
                "         30 ms  20250103000000_m3",
                "    1 min 01 s  20250104000000_m4",
                "         50 ms  20250105000000_m5",
                "         60 ms  20250106000000_m6",
            },
            lines);
    }

    [TestMethod]
    public void A_long_run_lists_its_ten_slowest_and_totals_the_rest()
    {
        // 500 migrations of 1..500 ms: the slowest ten are 500..491 ms, the other 490 sum to 1+…+490 ms = 120.1 s.
        var timings = Enumerable.Range(1, 500).Select(number => Timing($"m{number:000}", number)).ToList();

        var lines = TimingSummary.Render("Applied 500 migrations to Production in 2 min 05 s", timings).Split(Environment.NewLine);

        Assert.HasCount(11, lines);
        Assert.AreEqual("Applied 500 migrations to Production in 2 min 05 s; the 10 slowest (the other 490 took 2 min 00 s together):", lines[0]);
        Assert.AreEqual("    500 ms  m500", lines[1]);
        Assert.AreEqual("    491 ms  m491", lines[10]);
    }

    [TestMethod]
    public void No_migrations_is_the_headline_alone() =>
        Assert.AreEqual("Nothing ran.", TimingSummary.Render("Nothing ran", []));

    [TestMethod]
    [DataRow(1, "1 migration")]
    [DataRow(2, "2 migrations")]
    public void Counts_read_as_words(int count, string text) => Assert.AreEqual(text, TimingSummary.Count(count));

    private static MigrationTiming Timing(string id, int milliseconds) => new(id, TimeSpan.FromMilliseconds(milliseconds));
}
