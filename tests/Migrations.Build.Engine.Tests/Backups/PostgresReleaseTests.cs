using Migrations.Build.Engine.Backups;

namespace Migrations.Build.Engine.Tests.Backups;

/// <summary>Major releases as pg_dump's compatibility rule counts them: 15 from 150004, 9.6 from 90624.</summary>
[TestClass]
public sealed class PostgresReleaseTests
{
    [TestMethod]
    [DataRow("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "15")]
    [DataRow("pg_dump (PostgreSQL) 18.1", "18")]
    [DataRow("pg_restore (PostgreSQL) 9.6.24", "9.6")]
    [DataRow("pg_dump (PostgreSQL) 17beta2", "17")]
    public void A_tool_version_line_gives_its_major_release(string line, string expected) =>
        Assert.AreEqual(expected, PostgresRelease.FromToolVersion(line)?.ToString());

    [TestMethod]
    [DataRow("")]
    [DataRow("pg_dump 15.2")]
    [DataRow("command not found")]
    public void Anything_else_is_no_release(string line) => Assert.IsNull(PostgresRelease.FromToolVersion(line));

    [TestMethod]
    [DataRow(150004, "15")]
    [DataRow(180000, "18")]
    [DataRow(100023, "10")]
    [DataRow(90624, "9.6")]
    public void server_version_num_gives_the_major_release(int number, string expected) =>
        Assert.AreEqual(expected, PostgresRelease.FromServerVersionNumber(number).ToString());

    [TestMethod]
    public void Only_an_older_major_release_is_older()
    {
        var fifteen = PostgresRelease.FromToolVersion("pg_dump (PostgreSQL) 15.18")!.Value;
        Assert.IsTrue(fifteen.IsOlderThan(PostgresRelease.FromServerVersionNumber(180001)));
        Assert.IsFalse(fifteen.IsOlderThan(PostgresRelease.FromServerVersionNumber(150002)), "a minor release never matters");
        Assert.IsFalse(fifteen.IsOlderThan(PostgresRelease.FromServerVersionNumber(90624)));
        Assert.IsTrue(PostgresRelease.FromServerVersionNumber(90500).IsOlderThan(PostgresRelease.FromServerVersionNumber(90624)));
    }
}
