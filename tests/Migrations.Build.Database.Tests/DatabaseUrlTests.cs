using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests;

/// <summary>
/// What the wrapper adds to the product's parser: a FormatException that names the test suite's variable. How values
/// map to Npgsql settings is ServerUrl's job and is unit-tested with it (Engine.Tests, Local/ServerUrlTests).
/// </summary>
[TestClass]
public sealed class DatabaseUrlTests
{
    [TestMethod]
    [DataRow("postgres://user:hunter2@/nohost")]
    [DataRow("Username=user;Password=hunter2")]
    [DataRow("Host=h;Password=hunter2;this is not a pair")]
    [DataRow("postgres://user:hunter2@host/db?no_such_parameter=1")]
    public void UnusableValueIsRejectedWithoutRevealingThePassword(string value)
    {
        var exception = Assert.ThrowsExactly<FormatException>(() => DatabaseUrl.ToNpgsqlConnectionString(value));

        StringAssert.Contains(exception.Message, PostgresServerOptions.DatabaseUrlVariable);
        Assert.DoesNotContain("hunter2", exception.Message);
    }
}
