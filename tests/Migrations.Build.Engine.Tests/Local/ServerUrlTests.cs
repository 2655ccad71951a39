using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Engine.Tests.Local;

[TestClass]
public sealed class ServerUrlTests
{
    [TestMethod]
    [DataRow("postgres://someone@db.example.test")]
    [DataRow("postgres://someone@db.example.test/")]
    [DataRow("postgresql://someone:secret@db.example.test:6543?sslmode=require")]
    [DataRow("postgres://someone@db.example.test/?connect_timeout=5")]
    [DataRow("Host=db.example.test;Username=someone")]
    public void A_server_URL_without_a_database_means_the_maintenance_database(string value)
    {
        Assert.AreEqual("postgres", ServerUrl.Parse(value).Database);
    }

    [TestMethod]
    [DataRow("postgres://someone@db.example.test/scratch")]
    [DataRow("postgres://someone@db.example.test:5433/scratch?sslmode=disable")]
    [DataRow("Host=db.example.test;Username=someone;Database=scratch")]
    public void A_database_in_the_URL_is_kept(string value)
    {
        Assert.AreEqual("scratch", ServerUrl.Parse(value).Database);
    }

    [TestMethod]
    public void Errors_are_the_product_parser_s_and_never_show_the_password()
    {
        var exception = Assert.ThrowsExactly<ConnectionUrlFormatException>(() => ServerUrl.Parse("postgres://someone:hunter2@db.example.test/x?sslmod=require"));

        StringAssert.Contains(exception.Message, "did you mean sslmode?");
        Assert.DoesNotContain("hunter2", exception.Message);
    }

    // The cases below came from the test library's DatabaseUrlTests: MIGRATIONS_TEST_DATABASE_URL is read by
    // ServerUrl, so what they prove is ServerUrl's mapping to Npgsql settings.

    [TestMethod]
    public void A_URI_with_every_part_maps_to_Npgsql_keys()
    {
        var builder = ServerUrl.Parse("postgres://migrator:p%40ss%3Aword@db.example.test:6543/app%20db?sslmode=require&application_name=tests");

        Assert.AreEqual("db.example.test", builder.Host);
        Assert.AreEqual(6543, builder.Port);
        Assert.AreEqual("migrator", builder.Username);
        Assert.AreEqual("p@ss:word", builder.Password);
        Assert.AreEqual("app db", builder.Database);
        Assert.AreEqual(SslMode.Require, builder.SslMode);
        Assert.AreEqual("tests", builder.ApplicationName);
    }

    [TestMethod]
    public void The_postgresql_scheme_without_port_or_database_uses_the_defaults()
    {
        var builder = ServerUrl.Parse("postgresql://someone@localhost");

        Assert.AreEqual("localhost", builder.Host);
        Assert.AreEqual(5432, builder.Port);
        Assert.AreEqual("someone", builder.Username);
        Assert.IsNull(builder.Password);
        Assert.AreEqual("postgres", builder.Database);
    }

    [TestMethod]
    public void An_IPv6_literal_loses_its_brackets()
    {
        Assert.AreEqual("::1", ServerUrl.Parse("postgres://u@[::1]:5433/db").Host);
    }

    [TestMethod]
    public void An_Npgsql_connection_string_passes_through()
    {
        var builder = ServerUrl.Parse("Host=10.0.0.5;Port=5544;Username=ci;Password=secret;Database=ci");

        Assert.AreEqual("10.0.0.5", builder.Host);
        Assert.AreEqual(5544, builder.Port);
        Assert.AreEqual("secret", builder.Password);
    }

    [TestMethod]
    [DataRow("postgres://user:hunter2@/nohost")]
    [DataRow("Username=user;Password=hunter2")]
    [DataRow("Host=h;Password=hunter2;this is not a pair")]
    [DataRow("postgres://user:hunter2@host/db?no_such_parameter=1")]
    public void An_unusable_value_is_rejected_without_revealing_the_password(string value)
    {
        var exception = Assert.ThrowsExactly<ConnectionUrlFormatException>(() => ServerUrl.Parse(value));

        Assert.DoesNotContain("hunter2", exception.Message);
    }
}
