using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class DurationTextTests
{
    [TestMethod]
    [DataRow("60s", 60_000)]
    [DataRow("500ms", 500)]
    [DataRow("5min", 300_000)]
    [DataRow("1h", 3_600_000)]
    [DataRow("1.5s", 1_500)]
    [DataRow("30", 30_000)]
    [DataRow(" 2MIN ", 120_000)]
    [DataRow("00:01:30", 90_000)]
    public void Durations_read_like_postgresql_settings(string text, int milliseconds)
    {
        Assert.IsTrue(DurationText.TryParse(text, out var duration));
        Assert.AreEqual(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("soon")]
    [DataRow("-5s")]
    [DataRow("5 parsecs")]
    public void Nonsense_is_rejected(string text) => Assert.IsFalse(DurationText.TryParse(text, out _));
}
