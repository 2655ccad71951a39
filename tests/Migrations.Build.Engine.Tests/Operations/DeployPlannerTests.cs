using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class DeployPlannerTests
{
    private static DeployPlan Plan(LedgerBuilder builder, string? selector = null, bool allowOutOfOrder = false) =>
        DeployPlanner.Plan(builder.Build(), EnvironmentName, selector, allowOutOfOrder);

    private static string[] Ids(IEnumerable<LedgerEntry> entries) => entries.Select(entry => entry.Id).ToArray();


    /// <summary>Refused, for exactly one reason: the code, location and message given.</summary>
    private static void AssertRefused(DeployPlan plan, string code, SourceLocation location, string message)
    {
        Assert.IsTrue(plan.IsRefused);
        DiagnosticAssert.Single(plan.Diagnostics, code, location, message);
    }

    [TestMethod]
    public void Nothing_pending_plans_nothing_and_lists_what_is_applied()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(February).Deploy(February));

        Assert.IsEmpty(plan.ToApply);
        CollectionAssert.AreEqual(new[] { January, February }, Ids(plan.AlreadyApplied));
        Assert.IsEmpty(plan.Diagnostics);
        Assert.IsFalse(plan.IsRefused);
    }

    [TestMethod]
    public void Everything_deployable_is_applied_in_version_order()
    {
        // Failed and rolled back migrations left nothing behind, so they are applied again like pending ones.
        var builder = new LedgerBuilder()
            .OnDisk(April)
            .OnDisk(March).Deploy(March).Rollback(March)
            .OnDisk(February).Deploy(February, HistoryStatus.Failed)
            .OnDisk(January).Deploy(January);

        var plan = Plan(builder);

        CollectionAssert.AreEqual(new[] { February, March, April }, Ids(plan.ToApply));
        CollectionAssert.AreEqual(new[] { January }, Ids(plan.AlreadyApplied));
        Assert.IsEmpty(plan.Diagnostics);
    }

    [TestMethod]
    public void A_migration_whose_file_is_gone_is_neither_applied_again_nor_refused()
    {
        var plan = Plan(new LedgerBuilder().Deploy(January).OnDisk(February));

        CollectionAssert.AreEqual(new[] { February }, Ids(plan.ToApply));
        Assert.IsFalse(plan.IsRefused);
    }

    [TestMethod]
    public void A_partial_migration_blocks_everything_and_names_both_ways_out()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January, HistoryStatus.Partial, statementsDone: 1, statementsTotal: 3).OnDisk(February));

        AssertRefused(
            plan,
            "MIG1008",
            SourceLocation.StartOf(ForwardPath(January)),
            $"Migration {January} stopped part way on Staging (1 of 3 statements applied); nothing more is deployed there until it is settled. "
            + $"Roll it back with -t:RollbackMigration -p:Migration={January}, or, after fixing the database by hand, record the outcome with "
            + $"-t:ResolveMigration -p:Migration={January} -p:As=applied (or rolled_back).");
    }

    [TestMethod]
    public void A_rollback_that_stopped_part_way_blocks_with_its_own_progress()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January, statementsDone: 4, statementsTotal: 4).Rollback(January, HistoryStatus.Partial, statementsDone: 2, statementsTotal: 5));

        Assert.AreEqual("MIG1008", plan.Diagnostics.Single().Code);
        StringAssert.Contains(plan.Diagnostics[0].Message, "(2 of 5 statements applied)");
    }

    [TestMethod]
    public void A_partial_migration_whose_file_is_gone_points_at_no_file()
    {
        var plan = Plan(new LedgerBuilder().Deploy(January, HistoryStatus.Partial, statementsDone: 1, statementsTotal: 2));

        Assert.AreEqual(SourceLocation.None, plan.Diagnostics.Single().Location);
    }

    [TestMethod]
    public void An_edited_applied_migration_blocks_with_both_checksums()
    {
        const string asApplied = "create table t (id bigint);\n";

        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January, forward: asApplied).OnDisk(February));

        CollectionAssert.AreEqual(new[] { January }, Ids(plan.AlreadyApplied), "a modified migration is still applied");
        AssertRefused(
            plan,
            "MIG1006",
            SourceLocation.StartOf(ForwardPath(January)),
            $"Migration {January} was applied on Staging with checksum {MigrationText.ComputeChecksum(asApplied)}, but the file now has checksum {MigrationText.ComputeChecksum(ForwardText)}; "
            + "an applied migration must not change. Restore the file as it was applied (see its history row), and put the new change in a new migration.");
    }

    [TestMethod]
    public void Partial_blockers_are_reported_before_modified_ones()
    {
        var plan = Plan(new LedgerBuilder()
            .OnDisk(January).Deploy(January, forward: "select 1;\n")
            .OnDisk(February).Deploy(February, HistoryStatus.Partial));

        CollectionAssert.AreEqual(new[] { "MIG1008", "MIG1006" }, plan.Diagnostics.Select(diagnostic => diagnostic.Code).ToArray());
    }

    [TestMethod]
    public void A_pending_migration_older_than_an_applied_one_is_out_of_order()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February).OnDisk(March));

        AssertRefused(
            plan,
            "MIG1015",
            SourceLocation.StartOf(ForwardPath(January)),
            $"{January} is older than 20250201000000, which is already applied on Staging; applying it now would run migrations out of order. "
            + "If that is intended (a branch merged late), pass -p:MigrationsAllowOutOfOrder=true; otherwise give it a newer timestamp.");
    }

    [TestMethod]
    public void Several_late_migrations_are_named_together_and_located_at_the_first()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).OnDisk(March).Deploy(March));

        DiagnosticAssert.Single(
            plan.Diagnostics,
            "MIG1015",
            SourceLocation.StartOf(ForwardPath(January)),
            $"{January}, {February} are older than 20250301000000, which is already applied on Staging; applying them now would run migrations out of order. "
            + "If that is intended (a branch merged late), pass -p:MigrationsAllowOutOfOrder=true; otherwise give them a newer timestamp.");
    }

    [TestMethod]
    public void Allowing_out_of_order_applies_the_late_migration_with_the_rest()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February).OnDisk(March), allowOutOfOrder: true);

        Assert.IsEmpty(plan.Diagnostics);
        CollectionAssert.AreEqual(new[] { January, March }, Ids(plan.ToApply));
    }

    [TestMethod]
    public void A_modified_newest_migration_still_marks_older_pending_ones_as_late()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February, forward: "select 1;\n"));

        CollectionAssert.AreEqual(new[] { "MIG1006", "MIG1015" }, plan.Diagnostics.Select(diagnostic => diagnostic.Code).ToArray());
    }

    [TestMethod]
    [DataRow("20250301000000_add_refunds.sql")]
    [DataRow("20250301000000_add_refunds")]
    [DataRow("20250301000000")]
    public void A_named_migration_is_applied_alone(string selector)
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(March).OnDisk(April), selector);

        CollectionAssert.AreEqual(new[] { March }, Ids(plan.ToApply));
        Assert.IsEmpty(plan.Diagnostics);
    }

    [TestMethod]
    public void A_named_migration_with_earlier_ones_pending_is_out_of_order()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).OnDisk(March), March);

        AssertRefused(
            plan,
            "MIG1015",
            SourceLocation.StartOf(ForwardPath(March)),
            $"Migration {March} comes after {January}, {February} are not yet applied on Staging; deploy them first "
            + "(omit -p:Migration to deploy everything pending in order), or pass -p:MigrationsAllowOutOfOrder=true.");
    }

    [TestMethod]
    public void A_named_migration_with_one_earlier_pending_says_it()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February), February);

        Assert.AreEqual(
            $"Migration {February} comes after {January} is not yet applied on Staging; deploy it first "
            + "(omit -p:Migration to deploy everything pending in order), or pass -p:MigrationsAllowOutOfOrder=true.",
            plan.Diagnostics.Single().Message);
    }

    [TestMethod]
    public void Allowing_out_of_order_applies_the_named_migration_alone()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February), February, allowOutOfOrder: true);

        Assert.IsEmpty(plan.Diagnostics);
        CollectionAssert.AreEqual(new[] { February }, Ids(plan.ToApply));
    }

    [TestMethod]
    public void A_named_migration_older_than_an_applied_one_is_out_of_order()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February), January);

        Assert.AreEqual("MIG1015", plan.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void A_pending_migration_older_than_an_applied_one_whose_file_is_gone_is_out_of_order()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(February));

        Assert.AreEqual("MIG1015", plan.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void A_named_migration_that_is_already_applied_plans_nothing_and_is_not_an_error()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(February), January);

        Assert.IsEmpty(plan.ToApply);
        Assert.IsEmpty(plan.Diagnostics);
        CollectionAssert.AreEqual(new[] { January }, Ids(plan.AlreadyApplied));
    }

    [TestMethod]
    public void An_unknown_name_is_MIG1016_listing_the_migrations()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(February), "20250231000000_typo");

        Assert.IsEmpty(plan.ToApply);
        CollectionAssert.AreEqual(new[] { January }, Ids(plan.AlreadyApplied));
        AssertRefused(
            plan,
            "MIG1016",
            SourceLocation.None,
            $"No migration on disk matches Migration='20250231000000_typo'; name it by file name, version_name or version (known migrations: {January}, {February}).");
    }

    [TestMethod]
    public void A_name_found_only_in_history_is_not_on_disk_so_it_is_unknown()
    {
        var plan = Plan(new LedgerBuilder().Deploy(January).Rollback(January), January);

        Assert.AreEqual("MIG1016", plan.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void An_unknown_name_keeps_the_blockers_already_found()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January, HistoryStatus.Partial), "nope");

        CollectionAssert.AreEqual(new[] { "MIG1008", "MIG1016" }, plan.Diagnostics.Select(diagnostic => diagnostic.Code).ToArray());
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  ")]
    public void A_blank_name_means_everything_pending(string? selector)
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February), selector);

        CollectionAssert.AreEqual(new[] { January, February }, Ids(plan.ToApply));
    }
}
