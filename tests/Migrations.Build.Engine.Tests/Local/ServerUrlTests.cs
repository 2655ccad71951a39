using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;

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
}
