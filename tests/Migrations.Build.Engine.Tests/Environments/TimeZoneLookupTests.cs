using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class TimeZoneLookupTests
{
    [TestMethod]
    [DataRow("UTC")]
    [DataRow("Europe/Berlin")]
    [DataRow("America/New_York")]
    public void IANA_names_are_found_on_this_machine(string id)
    {
        Assert.AreEqual(id, TimeZoneLookup.System.Find(id, out var problem)?.Id, problem);
    }

    [TestMethod]
    [DataRow("../../etc/passwd")]
    [DataRow("/etc/localtime")]
    public void Paths_are_not_time_zones(string id)
    {
        Assert.IsNull(TimeZoneLookup.System.Find(id, out var problem));
        StringAssert.StartsWith(problem, $"'{id}' is not a known time zone");
    }

    [TestMethod]
    public void Without_a_time_zone_database_the_message_says_so_instead_of_blaming_the_name()
    {
        // What .NET knows on a machine without tzdata: UTC and nothing else.
        var bare = new TimeZoneLookup(id => id == "UTC" ? TimeZoneInfo.Utc : null, () => ["UTC"]);

        Assert.AreEqual(TimeZoneInfo.Utc, bare.Find("UTC", out _));
        Assert.IsNull(bare.Find("Europe/Berlin", out var problem));
        Assert.AreEqual("'Europe/Berlin' is not a time zone this machine knows: it has no time zone database (on Linux, install the tzdata package), so only UTC can be used", problem);
    }
}
