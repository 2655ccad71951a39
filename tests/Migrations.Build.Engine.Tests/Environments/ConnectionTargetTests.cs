using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class ConnectionTargetTests
{
    private const string Secret = "hunter2";

    [TestMethod]
    public void Describe_names_environment_host_database_and_user_but_never_the_password()
    {
        var variables = new Variables(("SUPABASE_PRODUCTION_URL", $"postgres://deploy:{Secret}@db.example.com:5432/postgres"));

        Assert.IsTrue(ConnectionTarget.TryCreate(MigrationEnvironment.Production, variables.Get, out var target, out var diagnostic));

        Assert.IsNull(diagnostic);
        Assert.AreEqual("Environment: Production — host db.example.com:5432, database postgres, user deploy", target.Describe());
        Assert.AreEqual(target.Describe(), target.ToString());
        Assert.AreEqual(Secret, target.Connection.Password);
    }

    [TestMethod]
    [DataRow("postgres://deploy@[::1]:6000/app", "Environment: Staging — host [::1]:6000, database app, user deploy")]
    [DataRow("postgres://deploy@db.example.com", "Environment: Staging — host db.example.com:5432, database deploy, user deploy")]
    [DataRow("postgres://db.example.com", "Environment: Staging — host db.example.com:5432, database (server default), user (current operating system user)")]
    [DataRow("Host=10.0.0.5;Username=ci;Password=" + Secret, "Environment: Staging — host 10.0.0.5:5432, database ci, user ci")]
    [DataRow("postgres://u@h1:5432,h2:5433/db", "Environment: Staging — host h1:5432,h2:5433, database db, user u")]
    public void Describe_covers_every_kind_of_URL(string url, string expected)
    {
        Assert.IsTrue(ConnectionTarget.TryCreate(MigrationEnvironment.Staging, new Variables(("SUPABASE_STAGING_URL", url)).Get, out var target, out _));

        Assert.AreEqual(expected, target.Describe());
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow(" ")]
    public void A_missing_URL_is_MIG1002_saying_which_variable_to_set(string? value)
    {
        var variables = value is null ? new Variables() : new Variables(("SUPABASE_STAGING_URL", value));

        Assert.IsFalse(ConnectionTarget.TryCreate(MigrationEnvironment.Staging, variables.Get, out var target, out var diagnostic));

        Assert.IsNull(target);
        Assert.AreEqual("MIG1002", diagnostic.Code);
        Assert.IsTrue(diagnostic.IsError);
        Assert.IsFalse(diagnostic.Location.HasFile);
        Assert.AreEqual(
            "Environment Staging needs its URL: set the environment variable SUPABASE_STAGING_URL to postgres://user:password@host:5432/database "
            + "(percent-encode @ : / ? # % in the password; an Npgsql string Host=…;Username=…;Password=…;Database=… works too).",
            diagnostic.Message);
        Assert.AreEqual(
            "error MIG1002: " + diagnostic.Message,
            diagnostic.ToString());
    }

    [TestMethod]
    public void An_unusable_URL_is_MIG1002_with_the_reason_and_without_the_password()
    {
        var variables = new Variables(("SUPABASE_PRODUCTION_URL", $"postgres://deploy:{Secret}@db.example.com/postgres?ssl=1"));

        Assert.IsFalse(ConnectionTarget.TryCreate(MigrationEnvironment.Production, variables.Get, out _, out var diagnostic));

        Assert.AreEqual("MIG1002", diagnostic.Code);
        StringAssert.StartsWith(
            diagnostic.Message,
            "Environment Production cannot use the URL in SUPABASE_PRODUCTION_URL: postgres://deploy@db.example.com:5432/postgres: unknown query parameter 'ssl'; supported: sslmode,");
        Assert.DoesNotContain(Secret, diagnostic.ToString());
    }

    [TestMethod]
    public void The_connection_cannot_be_changed_through_the_target()
    {
        var target = new ConnectionTarget(MigrationEnvironment.Staging, new NpgsqlConnectionStringBuilder("Host=h;Database=a"));

        target.Connection.Database = "b";

        Assert.AreEqual("a", target.Connection.Database);
    }

    [TestMethod]
    [DataRow("a;b=c")]
    [DataRow("q'uo\"te")]
    [DataRow("@:/%#? ")]
    [DataRow("ünï©ødé")]
    public void Awkward_passwords_survive_the_target_unchanged(string password)
    {
        var url = $"postgres://deploy:{Uri.EscapeDataString(password)}@db.example.com/postgres";

        Assert.IsTrue(ConnectionTarget.TryCreate(MigrationEnvironment.Staging, new Variables(("SUPABASE_STAGING_URL", url)).Get, out var target, out _));

        Assert.AreEqual(password, target.Connection.Password);
        Assert.AreEqual(password, new NpgsqlConnectionStringBuilder(target.Connection.ConnectionString).Password);
    }

    [TestMethod]
    public void Local_is_not_read_as_a_database_URL()
    {
        Assert.ThrowsExactly<InvalidOperationException>(
            () => ConnectionTarget.TryCreate(MigrationEnvironment.Local, new Variables(("MIGRATIONS_LOCAL_URL", "Host=h")).Get, out _, out _));
    }
}
