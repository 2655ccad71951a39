using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Operations;

[TestClass]
public sealed class RollbackPlannerTests
{
    private const string EditedRollback = "drop table if exists t;\n";

    private static RollbackPlan Plan(LedgerBuilder builder, string? selector = null, bool allowOutOfOrder = false, bool useRollbackFromDisk = false) =>
        RollbackPlanner.Plan(builder.Build(), EnvironmentName, selector, allowOutOfOrder, useRollbackFromDisk);

    /// <summary>January and February applied, March rolled back, April pending: February is the latest applied.</summary>
    private static LedgerBuilder TwoApplied() => new LedgerBuilder()
        .OnDisk(January).Deploy(January)
        .OnDisk(February).Deploy(February)
        .OnDisk(March).Deploy(March).Rollback(March)
        .OnDisk(April);


    /// <summary>Refused, for exactly one reason: the code, location and message given.</summary>
    private static void AssertRefused(RollbackPlan plan, string code, SourceLocation location, string message)
    {
        Assert.IsTrue(plan.IsRefused);
        DiagnosticAssert.Single(plan.Diagnostics, code, location, message);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow(" ")]
    public void Without_a_name_the_latest_applied_migration_is_rolled_back(string? selector)
    {
        var plan = Plan(TwoApplied(), selector);

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual(February, plan.Target!.Id);
        Assert.AreEqual(RollbackText, plan.RollbackSql);
        Assert.AreEqual(RollbackPath(February), plan.RollbackFilePath);
        Assert.IsEmpty(plan.Diagnostics);
    }

    [TestMethod]
    [DataRow(HistoryStatus.Partial, MigrationState.Partial)]
    [DataRow(HistoryStatus.Succeeded, MigrationState.MissingFile)]
    public void The_latest_in_the_database_may_be_partial_or_missing_its_file(HistoryStatus deploy, MigrationState state)
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).Deploy(February, deploy));

        Assert.AreEqual(February, plan.Target!.Id);
        Assert.AreEqual(state, plan.Target.State);
        Assert.AreEqual(RollbackText, plan.RollbackSql);
    }

    [TestMethod]
    public void A_migration_whose_files_are_gone_runs_its_recorded_rollback_under_a_name_made_from_its_id()
    {
        var plan = Plan(new LedgerBuilder().Deploy(February, rollback: "drop table invoices;\n"));

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual("drop table invoices;\n", plan.RollbackSql);
        Assert.AreEqual(February + "_rollback.sql", plan.RollbackFilePath);
    }

    [TestMethod]
    public void A_recorded_rollback_whose_file_was_deleted_is_located_at_the_forward_file()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: null).Deploy(February, rollback: RollbackText));

        Assert.AreEqual(RollbackText, plan.RollbackSql);
        Assert.AreEqual(ForwardPath(February), plan.RollbackFilePath);
    }

    [TestMethod]
    public void Nothing_applied_is_MIG1018()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February).Rollback(February));

        Assert.IsNull(plan.Target);
        AssertRefused(plan, "MIG1018", SourceLocation.None, "No migration is applied on Staging, so there is nothing to roll back.");
    }

    [TestMethod]
    public void The_latest_applied_migration_may_be_named()
    {
        var plan = Plan(TwoApplied(), February + ".sql");

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual(February, plan.Target!.Id);
    }

    [TestMethod]
    public void An_earlier_migration_is_refused_naming_the_later_ones()
    {
        var builder = TwoApplied().OnDisk("20250501000000_add_payments").Deploy("20250501000000_add_payments");

        var plan = Plan(builder, January);

        Assert.AreEqual(January, plan.Target!.Id, "the plan still says what would have run");
        AssertRefused(
            plan,
            "MIG1013",
            SourceLocation.StartOf(ForwardPath(January)),
            $"Migration {January} is not the latest applied on Staging; {February}, 20250501000000_add_payments came after it and may depend on it. "
            + "Roll those back first, or pass -p:MigrationsAllowOutOfOrderRollback=true if you are sure they do not.");
    }

    [TestMethod]
    public void Allowing_out_of_order_rolls_back_the_earlier_migration()
    {
        var plan = Plan(TwoApplied(), January, allowOutOfOrder: true);

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual(January, plan.Target!.Id);
        Assert.AreEqual(RollbackText, plan.RollbackSql);
        Assert.IsEmpty(plan.Diagnostics);
    }

    [TestMethod]
    [DataRow("20250301000000", March, "rolled back")]
    [DataRow("20250401000000_add_payouts", April, "pending")]
    public void A_named_migration_that_is_not_in_the_database_is_MIG1018(string selector, string id, string state)
    {
        var plan = Plan(TwoApplied(), selector);

        Assert.IsNull(plan.Target);
        AssertRefused(
            plan,
            "MIG1018",
            SourceLocation.StartOf(ForwardPath(id)),
            $"Migration {id} is {state} on Staging, not applied, so there is nothing to roll back.");
    }

    [TestMethod]
    public void A_failed_migration_is_not_in_the_database()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January, HistoryStatus.Failed), January);

        Assert.AreEqual($"Migration {January} is failed on Staging, not applied, so there is nothing to roll back.", plan.Diagnostics.Single().Message);
    }

    [TestMethod]
    public void An_unknown_name_is_MIG1016_listing_disk_and_history()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(January).Deploy(January).Deploy(February), "add_invoices");

        AssertRefused(
            plan,
            "MIG1016",
            SourceLocation.None,
            $"No migration matches Migration='add_invoices' on disk or in the history of Staging (known migrations: {January}, {February}).");
    }

    [TestMethod]
    public void A_migration_known_only_from_history_can_be_named()
    {
        var plan = Plan(new LedgerBuilder().Deploy(February), February);

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual(MigrationState.MissingFile, plan.Target!.State);
    }

    [TestMethod]
    [DataRow(false, RollbackText, "running the recorded one. Pass -p:MigrationsUseRollbackFromDisk=true to run the file instead.")]
    [DataRow(true, EditedRollback, "running the file on disk, as MigrationsUseRollbackFromDisk asks.")]
    public void An_edited_rollback_file_is_a_warning_saying_which_text_runs(bool useRollbackFromDisk, string runs, string saying)
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: EditedRollback).Deploy(February, rollback: RollbackText), useRollbackFromDisk: useRollbackFromDisk);

        Assert.IsFalse(plan.IsRefused, "MIG1014 is a warning");
        Assert.AreEqual(runs, plan.RollbackSql);
        Assert.AreEqual(RollbackPath(February), plan.RollbackFilePath);
        DiagnosticAssert.Single(
            plan.Diagnostics,
            "MIG1014",
            SourceLocation.StartOf(RollbackPath(February)),
            $"The rollback of {February} on disk (checksum {Checksum(EditedRollback)}) differs from the one recorded when it was deployed (checksum {Checksum(RollbackText)}); "
            + saying);
        Assert.IsFalse(plan.Diagnostics[0].IsError);
    }

    [TestMethod]
    public void Asking_for_the_file_on_disk_when_it_is_unchanged_runs_it_silently()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February).Deploy(February), useRollbackFromDisk: true);

        Assert.AreEqual(RollbackText, plan.RollbackSql);
        Assert.IsEmpty(plan.Diagnostics);
    }

    [TestMethod]
    public void Without_a_recorded_rollback_the_file_on_disk_runs()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: EditedRollback).DeployWithoutTexts(February));

        Assert.IsFalse(plan.IsRefused);
        Assert.AreEqual(EditedRollback, plan.RollbackSql);
        Assert.AreEqual(RollbackPath(February), plan.RollbackFilePath);
        Assert.IsEmpty(plan.Diagnostics, "nothing was recorded, so nothing can differ");
    }

    [TestMethod]
    public void No_rollback_recorded_or_on_disk_is_refused_at_the_forward_file()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: null).DeployWithoutTexts(February));

        Assert.AreEqual(February, plan.Target!.Id);
        Assert.IsNull(plan.RollbackSql);
        AssertRefused(
            plan,
            "MIG1016",
            SourceLocation.StartOf(ForwardPath(February)),
            $"Migration {February} has no rollback recorded in the history of Staging and none readable on disk; restore its rollback file to roll it back.");
    }

    [TestMethod]
    public void Asking_for_the_file_on_disk_when_there_is_none_is_refused_even_with_a_recorded_one()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: null).Deploy(February, rollback: RollbackText), useRollbackFromDisk: true);

        Assert.IsTrue(plan.IsRefused);
        Assert.AreEqual("MIG1016", plan.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void An_irreversible_migration_is_MIG1017_at_its_rollback_file()
    {
        var plan = Plan(new LedgerBuilder().OnDisk(February, rollback: IrreversibleText).Deploy(February));

        Assert.IsNull(plan.RollbackSql);
        AssertRefused(
            plan,
            "MIG1017",
            SourceLocation.StartOf(RollbackPath(February)),
            $"Migration {February} is marked -- migrations:irreversible, so it has no rollback to run; restore from a backup, or write a new forward migration that undoes it.");
    }

    [TestMethod]
    public void Irreversibility_is_read_from_the_text_that_would_run()
    {
        // Recorded as irreversible at deploy time: a rollback written since does not run unless asked for.
        var builder = new LedgerBuilder().OnDisk(February).Deploy(February, rollback: IrreversibleText);

        var recorded = Plan(builder);
        var fromDisk = Plan(builder, useRollbackFromDisk: true);

        CollectionAssert.AreEqual(new[] { "MIG1014", "MIG1017" }, recorded.Diagnostics.Select(diagnostic => diagnostic.Code).ToArray());
        Assert.IsFalse(fromDisk.IsRefused);
        Assert.AreEqual(RollbackText, fromDisk.RollbackSql);
    }

    [TestMethod]
    public void An_irreversible_migration_whose_files_are_gone_points_at_no_file()
    {
        var plan = Plan(new LedgerBuilder().Deploy(February, rollback: IrreversibleText));

        Assert.AreEqual(SourceLocation.None, plan.Diagnostics.Single().Location);
    }

    private static string Checksum(string text) => MigrationText.ComputeChecksum(text);
}
