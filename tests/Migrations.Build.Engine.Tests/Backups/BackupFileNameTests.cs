using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Backups;

[TestClass]
public sealed class BackupFileNameTests
{
    [TestMethod]
    public void The_name_holds_environment_UTC_time_operation_and_version()
    {
        var takenAt = new DateTimeOffset(2025, 3, 1, 4, 5, 6, TimeSpan.FromHours(2));

        Assert.AreEqual("Production_20250301T020506Z_deploy_20250301000000.dump", BackupFileName.For("Production", MigrationOperation.Deploy, "20250301000000", takenAt));
        Assert.AreEqual("Production_20250301T020506Z_rollback_20250301000000.dump", BackupFileName.For("Production", MigrationOperation.Rollback, "20250301000000", takenAt));
    }

    [TestMethod]
    public void An_environment_name_cannot_leave_the_folder_or_need_quoting() =>
        Assert.AreEqual(
            "___eu_west_prod_db_20250301T000000Z_deploy_20250301000000.dump",
            BackupFileName.For("../eu west/prod:db", MigrationOperation.Deploy, "20250301000000", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)));
}
