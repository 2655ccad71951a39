using Migrations.Build.Engine.Operations;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class MigrationSelectorTests
{
    private static readonly MigrationLedger Ledger = new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(March).Build();

    [TestMethod]
    [DataRow("20250201000000_add_invoices.sql")]
    [DataRow("20250201000000_add_invoices.SQL")]
    [DataRow("migrations/20250201000000_add_invoices.sql")]
    [DataRow("/home/ci/repo/db/migrations/20250201000000_add_invoices.sql")]
    [DataRow("20250201000000_add_invoices")]
    [DataRow("migrations/20250201000000_add_invoices")]
    [DataRow("20250201000000")]
    [DataRow("  20250201000000_add_invoices.sql  ")]
    public void A_migration_is_found_by_file_name_version_name_or_version(string selector)
    {
        Assert.AreEqual(February, MigrationSelector.Find(Ledger, selector)?.Id);
    }

    [TestMethod]
    public void A_migration_known_only_from_history_is_found_too()
    {
        Assert.AreEqual(March, MigrationSelector.Find(Ledger, "20250301000000")?.Id);
    }

    [TestMethod]
    [DataRow("add_invoices")]
    [DataRow("20250201000000_add_invoices_rollback.sql")]
    [DataRow("20250201000000_ADD_INVOICES")]
    [DataRow("2025020100000")]
    [DataRow("20250201000000_add_invoices.sql.bak")]
    [DataRow("20990101000000")]
    public void Anything_else_finds_nothing(string selector)
    {
        Assert.IsNull(MigrationSelector.Find(Ledger, selector));
    }

    [TestMethod]
    public void The_choices_are_every_migration_in_version_order()
    {
        Assert.AreEqual($"known migrations: {January}, {February}, {March}", MigrationSelector.DescribeChoices(Ledger));
    }

    [TestMethod]
    public void An_empty_ledger_says_there_are_no_migrations()
    {
        Assert.AreEqual("there are no migrations", MigrationSelector.DescribeChoices(new LedgerBuilder().Build()));
    }

    [TestMethod]
    [DataRow(10, "known migrations: 20250101000000_m01, 20250102000000_m02, 20250103000000_m03, 20250104000000_m04, 20250105000000_m05, 20250106000000_m06, 20250107000000_m07, 20250108000000_m08, 20250109000000_m09, 20250110000000_m10")]
    [DataRow(12, "known migrations: 20250103000000_m03, 20250104000000_m04, 20250105000000_m05, 20250106000000_m06, 20250107000000_m07, 20250108000000_m08, 20250109000000_m09, 20250110000000_m10, 20250111000000_m11, 20250112000000_m12 (and 2 earlier)")]
    public void Only_the_ten_newest_are_listed_and_the_rest_counted(int count, string expected)
    {
        // The newest are the likeliest to be meant: they are the ones still being deployed and rolled back.
        var builder = new LedgerBuilder();
        for (var day = 1; day <= count; day++)
        {
            builder.OnDisk($"202501{day:00}000000_m{day:00}");
        }

        Assert.AreEqual(expected, MigrationSelector.DescribeChoices(builder.Build()));
    }
}
