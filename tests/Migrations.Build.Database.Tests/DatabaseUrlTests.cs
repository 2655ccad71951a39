using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests;

[TestClass]
public sealed class DatabaseUrlTests
{
    [TestMethod]
    public void UriWithEveryPartMapsToNpgsqlKeys()
    {
        var builder = Parse("postgres://migrator:p%40ss%3Aword@db.example.test:6543/app%20db?sslmode=require&application_name=tests");

        Assert.AreEqual("db.example.test", builder.Host);
        Assert.AreEqual(6543, builder.Port);
        Assert.AreEqual("migrator", builder.Username);
        Assert.AreEqual("p@ss:word", builder.Password);
        Assert.AreEqual("app db", builder.Database);
        Assert.AreEqual(SslMode.Require, builder.SslMode);
        Assert.AreEqual("tests", builder.ApplicationName);
    }

    [TestMethod]
    public void PostgresqlSchemeWithoutPortOrDatabaseUsesDefaults()
    {
        var builder = Parse("postgresql://someone@localhost");

        Assert.AreEqual("localhost", builder.Host);
        Assert.AreEqual(5432, builder.Port);
        Assert.AreEqual("someone", builder.Username);
        Assert.IsNull(builder.Password);
        Assert.AreEqual("postgres", builder.Database);
    }

    [TestMethod]
    public void Ipv6LiteralLosesItsBrackets()
    {
        Assert.AreEqual("::1", Parse("postgres://u@[::1]:5433/db").Host);
    }

    [TestMethod]
    public void NpgsqlConnectionStringPassesThrough()
    {
        var builder = Parse("Host=10.0.0.5;Port=5544;Username=ci;Password=secret;Database=ci");

        Assert.AreEqual("10.0.0.5", builder.Host);
        Assert.AreEqual(5544, builder.Port);
        Assert.AreEqual("secret", builder.Password);
    }

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

    private static NpgsqlConnectionStringBuilder Parse(string value) => new(DatabaseUrl.ToNpgsqlConnectionString(value));
}
