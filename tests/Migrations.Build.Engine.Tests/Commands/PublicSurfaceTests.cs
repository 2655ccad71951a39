using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Commands;

[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void Every_operation_has_its_target()
    {
        var targets = Enum.GetValues<MigrationOperation>().Select(PublicSurface.TargetName).ToList();

        CollectionAssert.AreEqual(new[] { "TestMigration", "DeployMigration", "RollbackMigration", "MigrationStatus", "ResolveMigration", "MigrationDrift", "BaselineMigration" }, targets);
    }

    [TestMethod]
    public void Only_status_and_drift_leave_the_database_unchanged()
    {
        var readOnly = Enum.GetValues<MigrationOperation>().Where(operation => !PublicSurface.ChangesDatabase(operation));

        CollectionAssert.AreEqual(new[] { MigrationOperation.Status, MigrationOperation.Drift }, readOnly.ToArray());
    }

    [TestMethod]
    [DataRow("20250210000000_billing", "-p:Migration=20250210000000_billing")]
    [DataRow("fixed by hand", "-p:Migration='fixed by hand'")]
    [DataRow("it's $HOME", "-p:Migration='it'\\''s $HOME'")]
    [DataRow("a;b", "-p:Migration='a;b'")]
    public void Property_switches_survive_a_posix_shell(string value, string expected)
    {
        Assert.AreEqual(expected, PublicSurface.PropertySwitch(PublicSurface.MigrationProperty, value));
    }

    [TestMethod]
    public void Commands_leave_out_blank_properties_and_an_unknown_project()
    {
        Assert.AreEqual(
            "dotnet msbuild -t:TestMigration -p:MigrationsEnvironment=Staging",
            PublicSurface.Command(null, MigrationOperation.Test, (PublicSurface.EnvironmentProperty, "Staging"), (PublicSurface.MigrationProperty, " ")));
        Assert.AreEqual(
            "dotnet msbuild db/db.csproj -t:RollbackMigration",
            PublicSurface.Command("db/db.csproj", MigrationOperation.Rollback));
    }
}
