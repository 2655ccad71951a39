using Microsoft.Build.Utilities;
using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Tasks.Tests;

/// <summary>Each database task is a property map: what the target passes reaches the engine's settings unchanged.</summary>
[TestClass]
public sealed class PropertyMapTests
{
    [TestMethod]
    public void Shared_properties_and_environment_items_map_onto_the_settings()
    {
        var qa = new TaskItem("Qa");
        qa.SetMetadata("UrlVariable", "QA_URL");
        qa.SetMetadata("ConfirmVariable", "SHIP_QA");
        qa.SetMetadata("RequireTestedOn", "Staging");
        qa.SetMetadata("Backup", "true");
        var task = new DeployMigration
        {
            MigrationsDirectory = "/p/migrations/",
            MigrationsRollbackDirectory = "/p/rollbacks/",
            Migration = "20250210000000_billing",
            EnvironmentName = "Qa",
            Environments = [qa, new TaskItem("Bare")],
            HistorySchema = "ops",
            HistoryTable = "log",
            LockTimeout = "2s",
            StatementTimeout = "1min",
            LockWait = "30s",
            ExposedSchemas = "public;api",
            ProjectPath = "/p/db.csproj",
            ValidationCacheDirectory = "/p/obj/Debug/migrations/",
        };

        var settings = task.ToSettings();

        Assert.AreEqual("/p/migrations/", settings.MigrationsDirectory);
        Assert.AreEqual("/p/rollbacks/", settings.RollbackDirectory);
        Assert.AreEqual("20250210000000_billing", settings.Migration);
        Assert.AreEqual("Qa", settings.EnvironmentName);
        CollectionAssert.AreEqual(
            new[] { new EnvironmentDeclaration("Qa", "QA_URL", "SHIP_QA", "Staging", "true", ""), new EnvironmentDeclaration("Bare", "", "", "", "", "") },
            settings.Environments.ToArray());
        Assert.AreEqual(("ops", "log"), (settings.HistorySchema, settings.HistoryTable));
        Assert.AreEqual(("2s", "1min", "30s"), (settings.LockTimeout, settings.StatementTimeout, settings.LockWait));
        Assert.AreEqual("/p/db.csproj", settings.ProjectPath);
        Assert.AreEqual("public;api", settings.ExposedSchemas);
        Assert.AreEqual("/p/obj/Debug/migrations/", settings.ValidationCacheDirectory);
    }

    [TestMethod]
    public void Unset_properties_stay_unset_so_the_engine_defaults_apply()
    {
        var settings = new MigrationStatus { MigrationsDirectory = "m" }.ToSettings();

        Assert.IsNull(settings.HistorySchema);
        Assert.IsNull(settings.HistoryTable);
        Assert.IsNull(settings.LockTimeout);
        Assert.IsNull(settings.StatementTimeout);
        Assert.IsNull(settings.LockWait);
        Assert.IsNull(settings.StatusFormat);
    }

    [TestMethod]
    public void Drift_maps_its_report_and_throwaway_settings()
    {
        var settings = new MigrationDrift
        {
            MigrationsDirectory = "m",
            Format = "json",
            OutputFile = "drift.json",
            DriftExcludedSchemas = "auth;storage",
            LocalBootstrapValue = "supabase",
            LocalBinDirectory = "/usr/lib/postgresql/15/bin",
            LocalImage = "postgres:15",
            ProjectDirectory = "/p",
        }.ToSettings();

        Assert.AreEqual(("json", "drift.json", "auth;storage"), (settings.DriftFormat, settings.DriftFile, settings.DriftExcludedSchemas));
        Assert.AreEqual(("supabase", "/usr/lib/postgresql/15/bin", "postgres:15", "/p"), (settings.LocalBootstrap, settings.LocalBinDirectory, settings.LocalImage, settings.ProjectDirectory));
        Assert.IsNull(settings.StatusFile, "the drift report has its own file, so a saved status is never overwritten by it");
    }

    [TestMethod]
    [DataRow("CheckDrift")]
    [DataRow("MigrationsCheckDrift")]
    public void CheckDrift_metadata_is_read_in_either_spelling(string metadata)
    {
        var production = new TaskItem("Production");
        production.SetMetadata("UrlVariable", "PROD_URL");
        production.SetMetadata(metadata, "true");

        var settings = new DeployMigration { MigrationsDirectory = "m", Environments = [production], SkipDriftCheck = true }.ToSettings();

        Assert.AreEqual("true", settings.Environments.Single().CheckDrift);
        Assert.IsTrue(settings.SkipDriftCheck);
    }

    [TestMethod]
    public void Deploy_maps_its_switches()
    {
        var settings = new DeployMigration { MigrationsDirectory = "m", AllowOutOfOrder = true, SkipStagingCheck = true, AllowDataLoss = true, SupabaseHistory = true }.ToSettings();

        Assert.IsTrue(settings.AllowOutOfOrder);
        Assert.IsTrue(settings.SkipStagingCheck);
        Assert.IsTrue(settings.AllowDataLoss);
        Assert.IsTrue(settings.SupabaseHistory);
        Assert.IsFalse(settings.UseRollbackFromDisk);
    }

    [TestMethod]
    public void Rollback_maps_its_switches()
    {
        var settings = new RollbackMigration { MigrationsDirectory = "m", AllowOutOfOrder = true, UseRollbackFromDisk = true, AllowDataLoss = true }.ToSettings();

        Assert.IsTrue(settings.AllowOutOfOrder);
        Assert.IsTrue(settings.UseRollbackFromDisk);
        Assert.IsTrue(settings.AllowDataLoss);
        Assert.IsFalse(settings.SkipStagingCheck);
        Assert.IsFalse(settings.SupabaseHistory);
        Assert.IsTrue(new RollbackMigration { MigrationsDirectory = "m", SupabaseHistory = true }.ToSettings().SupabaseHistory);
    }

    [TestMethod]
    public void Deploy_and_rollback_map_the_deployment_window_and_its_override()
    {
        const string window = "Sat 02:00-04:00 UTC;Sun 02:00-04:00 UTC";
        var deploy = new DeployMigration { MigrationsDirectory = "m", DeploymentWindow = window, IgnoreWindow = true }.ToSettings();
        var rollback = new RollbackMigration { MigrationsDirectory = "m", DeploymentWindow = window, IgnoreWindow = true }.ToSettings();
        var unset = new DeployMigration { MigrationsDirectory = "m" }.ToSettings();

        Assert.AreEqual(window, deploy.DeploymentWindow);
        Assert.IsTrue(deploy.IgnoreWindow);
        Assert.AreEqual(window, rollback.DeploymentWindow);
        Assert.IsTrue(rollback.IgnoreWindow);
        Assert.IsNull(unset.DeploymentWindow);
        Assert.IsFalse(unset.IgnoreWindow);
    }

    [TestMethod]
    public void Resolve_maps_as_and_reason()
    {
        var settings = new ResolveMigration { MigrationsDirectory = "m", As = "rolled_back", Reason = "dropped by hand", SupabaseHistory = true }.ToSettings();

        Assert.AreEqual("rolled_back", settings.ResolveAs);
        Assert.AreEqual("dropped by hand", settings.ResolveReason);
        Assert.IsTrue(settings.SupabaseHistory);
    }

    [TestMethod]
    public void Status_maps_format_and_file()
    {
        var settings = new MigrationStatus { MigrationsDirectory = "m", Format = "json", OutputFile = "status.json" }.ToSettings();

        Assert.AreEqual("json", settings.StatusFormat);
        Assert.AreEqual("status.json", settings.StatusFile);
    }

    [TestMethod]
    public void Test_maps_the_local_database_properties()
    {
        var settings = new TestMigration { MigrationsDirectory = "m", LocalImage = "postgres:16", LocalBinDirectory = "/usr/lib/postgresql/16/bin", LocalBootstrapValue = "supabase", ProjectDirectory = "/p" }.ToSettings();

        Assert.AreEqual("postgres:16", settings.LocalImage);
        Assert.AreEqual("/usr/lib/postgresql/16/bin", settings.LocalBinDirectory);
        Assert.AreEqual("supabase", settings.LocalBootstrap);
        Assert.AreEqual("/p", settings.ProjectDirectory);
        Assert.IsFalse(settings.SupabaseHistory);
        Assert.IsTrue(new TestMigration { MigrationsDirectory = "m", SupabaseHistory = true }.ToSettings().SupabaseHistory);
    }

    [TestMethod]
    public void Deploy_and_rollback_map_the_backup_properties()
    {
        DatabaseTask[] tasks =
        [
            new DeployMigration { MigrationsDirectory = "m", BackupCommand = "backup {file}", BackupDirectory = "/p/obj/backups/", ProjectDirectory = "/p" },
            new RollbackMigration { MigrationsDirectory = "m", BackupCommand = "backup {file}", BackupDirectory = "/p/obj/backups/", ProjectDirectory = "/p" },
        ];
        foreach (var settings in tasks.Select(task => task.ToSettings()))
        {
            Assert.AreEqual("backup {file}", settings.BackupCommand);
            Assert.AreEqual("/p/obj/backups/", settings.BackupDirectory);
            Assert.AreEqual("/p", settings.ProjectDirectory);
        }
    }

    [TestMethod]
    public void VerifyBackup_maps_the_file_and_the_local_database_properties()
    {
        var settings = new VerifyBackup { MigrationsDirectory = "m", BackupFile = "obj/backups/p.dump", BackupDirectory = "/p/obj/backups/", LocalImage = "postgres:16", LocalBinDirectory = "pg/bin", ProjectDirectory = "/p" }.ToSettings();

        Assert.AreEqual("obj/backups/p.dump", settings.BackupFile);
        Assert.AreEqual("/p/obj/backups/", settings.BackupDirectory);
        Assert.AreEqual("postgres:16", settings.LocalImage);
        Assert.AreEqual("pg/bin", settings.LocalBinDirectory);
        Assert.AreEqual("/p", settings.ProjectDirectory);
    }

    [TestMethod]
    public void Test_maps_what_a_refutation_accepts_and_where_its_list_goes()
    {
        var settings = new TestMigration { MigrationsDirectory = "m", IgnoreColumnOrder = "true", IgnoreWhitespace = "false", DifferencesDirectory = "/p/obj/migrations/" }.ToSettings();

        Assert.AreEqual(("true", "false", "/p/obj/migrations/"), (settings.IgnoreColumnOrder, settings.IgnoreWhitespace, settings.DifferencesDirectory));
    }
}
