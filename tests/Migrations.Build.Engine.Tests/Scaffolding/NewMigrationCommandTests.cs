using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Scaffolding;
using Migrations.Build.Engine.Tests.Discovery;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Scaffolding;

[TestClass]
public sealed class NewMigrationCommandTests
{
    private static readonly FixedClock Clock = FixedClock.AtUtc("2026-11-30 12:40");

    [TestMethod]
    public void Prints_both_full_paths()
    {
        using var folder = new MigrationFolder();
        var log = new RecordingLog();

        var succeeded = NewMigrationCommand.Run(new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = Clock }, log);

        Assert.IsTrue(succeeded, log.ToString());
        Assert.IsEmpty(log.Diagnostics, log.ToString());
        CollectionAssert.AreEqual(
            new[]
            {
                "Created migration 20261130124000_add_invoices; write the change and how to undo it in:",
                "  " + Path.Combine(folder.Root, "20261130124000_add_invoices.sql"),
                "  " + Path.Combine(folder.Root, "20261130124000_add_invoices_rollback.sql"),
            },
            log.Messages.ToArray());
    }

    [TestMethod]
    public void Says_when_the_version_follows_a_newer_migration_rather_than_the_clock()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20991231235959_from_the_future");
        var log = new RecordingLog();

        NewMigrationCommand.Run(new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = Clock }, log);

        CollectionAssert.Contains(log.Messages.ToArray(), "Its version is one second after the newest existing migration 20991231235959, not the current UTC time, so it sorts last.");
    }

    [TestMethod]
    public void A_broken_existing_pair_does_not_stop_a_new_one_but_is_named()
    {
        using var folder = new MigrationFolder();
        folder.Write("20250210000000_billing.sql", "create table billing (id int);\n");
        folder.Write("20250211000000_Orders.sql", "create table orders (id int);\n");
        var log = new RecordingLog();

        var succeeded = NewMigrationCommand.Run(new NewMigrationRequest(folder.Root, null, "add_invoices") { Clock = Clock }, log);

        Assert.IsTrue(succeeded, log.ToString());
        Assert.IsEmpty(log.Diagnostics, "problems elsewhere are a note, not this target's errors");
        Assert.IsTrue(File.Exists(Path.Combine(folder.Root, "20261130124000_add_invoices.sql")));
        Assert.AreEqual(
            "Note: other migrations already fail validation with 2 error(s), which dotnet build will report: 20250210000000_billing.sql (MIG0001); 20250211000000_Orders.sql (MIG0003).",
            log.Messages.Last());
    }

    [TestMethod]
    public void A_bad_name_fails_and_creates_nothing()
    {
        using var folder = new MigrationFolder();
        var log = new RecordingLog();

        var succeeded = NewMigrationCommand.Run(new NewMigrationRequest(folder.Root, null, "AddInvoices") { Clock = Clock }, log);

        Assert.IsFalse(succeeded);
        Assert.AreEqual("MIG0003", log.Diagnostics.Single().Code);
        Assert.IsEmpty(log.Messages);
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(folder.Root));
    }
}
