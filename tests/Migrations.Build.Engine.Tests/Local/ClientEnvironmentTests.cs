using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>The libpq variables a backup command or pg_dump gets: the whole connection, password included, and nothing that could redirect it.</summary>
[TestClass]
public sealed class ClientEnvironmentTests
{
    [TestMethod]
    public void A_URL_becomes_the_libpq_variables()
    {
        Assert.IsTrue(ConnectionUrl.TryParse("postgres://deployer:p%40ss%3Aword@db.example.com:6543/app?sslmode=require", out var connection, out _));

        var variables = ClientEnvironment.For(connection.ConnectionString, ClientEnvironment.BackupApplicationName);

        Assert.AreEqual("db.example.com", variables["PGHOST"]);
        Assert.AreEqual("6543", variables["PGPORT"]);
        Assert.AreEqual("deployer", variables["PGUSER"]);
        Assert.AreEqual("p@ss:word", variables["PGPASSWORD"]);
        Assert.AreEqual("app", variables["PGDATABASE"]);
        Assert.AreEqual("require", variables["PGSSLMODE"]);
        Assert.IsTrue(variables.ContainsKey("PGSERVICE"));
        Assert.IsNull(variables["PGSERVICE"], "an inherited service file entry must not override the environment's server");
    }

    [TestMethod]
    public void Without_a_password_none_is_set_and_an_inherited_one_stays_libpq_s_business()
    {
        var variables = ClientEnvironment.For("Host=localhost;Username=app;Database=app", ClientEnvironment.BackupApplicationName);

        Assert.IsFalse(variables.ContainsKey("PGPASSWORD"));
        Assert.AreEqual("prefer", variables["PGSSLMODE"]);
    }
}
