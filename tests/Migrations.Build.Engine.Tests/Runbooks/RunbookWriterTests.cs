using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Runbooks;

namespace Migrations.Build.Engine.Tests.Runbooks;

/// <summary>The rollback runbook's text: what it says about each migration, the order of the commands, the backup.</summary>
[TestClass]
public sealed class RunbookWriterTests
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 11, 30, 14, 20, 5, TimeSpan.Zero);

    private static readonly RunbookSettings Settings = new("/srv/app/obj/runbooks", "/srv/app/db.csproj", "PROD_URL", "CONFIRM_PRODUCTION");

    [TestMethod]
    public void The_file_name_sorts_by_UTC_time_and_names_the_first_version()
    {
        Assert.AreEqual("Production_20261130T142005Z_20250101000000.md", RunbookWriter.FileName("Production", WrittenAt.ToOffset(TimeSpan.FromHours(2)), "20250101000000"));
    }

    [TestMethod]
    public void Rollback_commands_run_newest_first_and_say_what_each_would_destroy()
    {
        var loss = new DataLossFinding("20250102000000_orders", new SourceLocation("/m/20250102000000_orders_rollback.sql", 1, 1), [new LostData("table public.orders", false, RowCount.Exact(2), 1)]);
        var runbook = Sample([
            new RunbookMigration("20250101000000_customers", RunbookMigrationState.Applied, "f1", "r1", null),
            new RunbookMigration("20250102000000_orders", RunbookMigrationState.Applied, "f2", "r2", loss),
        ]);

        var text = RunbookWriter.Render(runbook);

        var orders = "CONFIRM_PRODUCTION=true dotnet msbuild /srv/app/db.csproj -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration=20250102000000_orders";
        var customers = "CONFIRM_PRODUCTION=true dotnet msbuild /srv/app/db.csproj -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration=20250101000000_customers";
        CollectionAssert.AreEqual(new[] { orders, customers }, RunbookWriter.RollbackCommands(runbook).ToArray());
        Assert.IsTrue(text.IndexOf(orders, StringComparison.Ordinal) < text.IndexOf(customers, StringComparison.Ordinal), text);
        StringAssert.Contains(text, "1. `20250102000000_orders` — data loss: rolling it back now would destroy table public.orders (2 rows, line 1).");
        StringAssert.Contains(text, "2. `20250101000000_customers` — data loss: rolling it back now destroys no data.");
        StringAssert.Contains(text, "add -p:MigrationsAllowDataLoss=true");
        StringAssert.Contains(text, "| 20250101000000_customers | applied | f1 | r1 |");
        StringAssert.Contains(text, "- Database: host db.example.com:5432, database app (the URL, with its password, is in `$PROD_URL`; it is not written here)");
        StringAssert.Contains(text, "- Deployed by: database user deployer from client host ci-runner-7");
        StringAssert.StartsWith(text, "# Rollback runbook: DeployMigration to Production, 2026-11-30 14:20:05 UTC");
    }

    [TestMethod]
    public void A_failed_deploy_says_what_is_applied_and_only_rolls_back_that()
    {
        var runbook = Sample([
            new RunbookMigration("20250101000000_a", RunbookMigrationState.Applied, "f1", "r1", null),
            new RunbookMigration("20250102000000_b", RunbookMigrationState.Partial, "f2", "r2", null),
            new RunbookMigration("20250103000000_c", RunbookMigrationState.NotAttempted, "f3", null, null),
        ]);

        var text = RunbookWriter.Render(runbook);

        StringAssert.Contains(text, "| 20250102000000_b | partial; failed part way outside a transaction | f2 | r2 |");
        StringAssert.Contains(text, "| 20250103000000_c | not attempted | f3 | none (irreversible) |");
        StringAssert.Contains(text, "1. `20250102000000_b` is partial: some of its statements ran.");
        StringAssert.Contains(text, "-t:ResolveMigration -p:MigrationsEnvironment=Production -p:Migration=20250102000000_b -p:As=rolled_back");
        StringAssert.Contains(text, "2. `20250101000000_a` — data loss:");
        Assert.AreEqual(1, RunbookWriter.RollbackCommands(runbook).Count);
        Assert.IsFalse(text.Contains("-p:Migration=20250103000000_c", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public void An_irreversible_migration_points_at_the_backup()
    {
        var text = RunbookWriter.Render(Sample([new RunbookMigration("20250101000000_a", RunbookMigrationState.Applied, "f1", null, null)]));

        StringAssert.Contains(text, "1. `20250101000000_a` is irreversible (it has no rollback): restore the backup below instead.");
        Assert.IsFalse(text.Contains("-t:RollbackMigration", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public void The_backup_section_gives_the_restore_command_or_says_why_there_is_none()
    {
        var migrations = new[] { new RunbookMigration("20250101000000_a", RunbookMigrationState.Applied, "f1", "r1", null) };

        var builtIn = RunbookWriter.Render(Sample(migrations) with { BackupPath = "/srv/app/obj/backups/it's here.dump", BackupIsBuiltIn = true });
        StringAssert.Contains(builtIn, "Backup taken before this deploy: `/srv/app/obj/backups/it's here.dump`");
        StringAssert.Contains(builtIn, "pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname=\"$PROD_URL\" '/srv/app/obj/backups/it'\\''s here.dump'");

        var custom = RunbookWriter.Render(Sample(migrations) with { BackupPath = "/backups/x.tar", BackupIsBuiltIn = false });
        StringAssert.Contains(custom, "It was taken by MigrationsBackupCommand, so restoring it is your team's own procedure for that backup.");
        Assert.IsFalse(custom.Contains("pg_restore", StringComparison.Ordinal), custom);

        var none = RunbookWriter.Render(Sample(migrations));
        StringAssert.Contains(none, "No backup: Backup is not set for this environment.");
    }

    private static Runbook Sample(IReadOnlyList<RunbookMigration> migrations) =>
        new("Production", "db.example.com:5432", "app", "deployer", "ci-runner-7", WrittenAt, migrations, null, false, Settings);
}
