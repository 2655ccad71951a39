using Migrations.Build.Testing;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Tests.Operations;
using Migrations.Build.Engine.Verification;
using static Migrations.Build.Engine.Tests.Operations.LedgerBuilder;

namespace Migrations.Build.Engine.Tests.Verification;

[TestClass]
public sealed class TestPlannerTests
{
    private readonly RecordingLog log = new();

    private string[]? Plan(LedgerBuilder builder, string? selector = null) =>
        TestPlanner.Plan(builder.Build(), EnvironmentName, selector, log)?.Select(entry => entry.Id).ToArray();

    [TestMethod]
    public void Without_a_name_every_deployable_migration_is_tested_in_order()
    {
        var builder = new LedgerBuilder()
            .OnDisk(April)
            .OnDisk(March).Deploy(March, HistoryStatus.Failed)
            .OnDisk(February).Deploy(February).Rollback(February)
            .OnDisk(January).Deploy(January);

        CollectionAssert.AreEqual(new[] { February, March, April }, Plan(builder));
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public void Nothing_pending_is_an_empty_plan_not_a_refusal()
    {
        var targets = Plan(new LedgerBuilder().OnDisk(January).Deploy(January));

        Assert.IsNotNull(targets);
        Assert.IsEmpty(targets);
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public void A_late_migration_may_be_tested_although_deploying_it_needs_permission()
    {
        // Proving a migration is not deploying it: the out-of-order rule belongs to DeployMigration.
        CollectionAssert.AreEqual(new[] { January }, Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February)));
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public void A_partial_migration_refuses_every_test_with_the_deploy_message()
    {
        var builder = new LedgerBuilder().OnDisk(January).Deploy(January, HistoryStatus.Partial, statementsDone: 1, statementsTotal: 2).OnDisk(February);
        var deployMessage = DeployPlanner.Plan(builder.Build(), EnvironmentName, null, allowOutOfOrder: true).Diagnostics.Single();

        Assert.IsNull(Plan(builder, February));
        Assert.AreEqual(deployMessage, log.Diagnostics.Single());
        Assert.AreEqual("MIG1008", deployMessage.Code);
    }

    [TestMethod]
    public void A_modified_migration_refuses_every_test()
    {
        Assert.IsNull(Plan(new LedgerBuilder().OnDisk(January).Deploy(January, forward: "select 1;\n").OnDisk(February)));
        Assert.AreEqual("MIG1006", log.Diagnostics.Single().Code);
    }

    [TestMethod]
    [DataRow("20250201000000_add_invoices.sql")]
    [DataRow("20250201000000")]
    public void A_named_pending_migration_is_tested_alone(string selector)
    {
        CollectionAssert.AreEqual(new[] { February }, Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(February).OnDisk(March), selector));
    }

    [TestMethod]
    public void A_named_applied_migration_is_tested_by_rolling_it_back_and_forth()
    {
        CollectionAssert.AreEqual(new[] { January }, Plan(new LedgerBuilder().OnDisk(January).Deploy(January).OnDisk(February), January));
    }

    [TestMethod]
    public void A_named_applied_migration_may_be_tested_while_earlier_ones_are_pending()
    {
        CollectionAssert.AreEqual(new[] { February }, Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).Deploy(February), February));
        Assert.IsEmpty(log.Diagnostics);
    }

    [TestMethod]
    public void A_named_pending_migration_after_other_pending_ones_is_MIG1015()
    {
        Assert.IsNull(Plan(new LedgerBuilder().OnDisk(January).OnDisk(February).OnDisk(March), March));

        DiagnosticAssert.Single(
            log.Diagnostics,
            "MIG1015",
            SourceLocation.StartOf(ForwardPath(March)),
            $"Migration {March} cannot be tested on Staging while earlier migrations are pending there ({January}, {February}): it was written to run after them. "
            + "Test them first, in order (omit -p:Migration to test everything pending).");
    }

    [TestMethod]
    public void An_unknown_name_is_MIG1016()
    {
        Assert.IsNull(Plan(new LedgerBuilder().OnDisk(January), "refunds"));

        DiagnosticAssert.Single(log.Diagnostics, "MIG1016", SourceLocation.None, $"No migration on disk matches Migration='refunds' (known migrations: {January}).");
    }

    [TestMethod]
    public void A_name_known_only_from_history_has_no_files_to_test()
    {
        Assert.IsNull(Plan(new LedgerBuilder().Deploy(January), January));
        Assert.AreEqual("MIG1016", log.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void An_irreversible_migration_is_MIG1017_at_its_rollback_file()
    {
        Assert.IsNull(Plan(new LedgerBuilder().OnDisk(January).OnDisk(February, rollback: IrreversibleText).OnDisk(March)));

        DiagnosticAssert.Single(
            log.Diagnostics,
            "MIG1017",
            SourceLocation.StartOf(RollbackPath(February)),
            $"Migration {February} is marked -- migrations:irreversible, so there is no rollback for TestMigration to prove; "
            + "deploy it without the staging evidence only with -p:MigrationsSkipStagingCheck=true, after reviewing it by hand.");
    }

    [TestMethod]
    public void Only_the_first_irreversible_migration_is_reported()
    {
        Assert.IsNull(Plan(new LedgerBuilder().OnDisk(January, rollback: IrreversibleText).OnDisk(February, rollback: IrreversibleText)));

        Assert.AreEqual(SourceLocation.StartOf(RollbackPath(January)), log.Diagnostics.Single().Location);
    }

    [TestMethod]
    public void An_irreversible_migration_that_is_not_a_target_does_not_matter()
    {
        var builder = new LedgerBuilder().OnDisk(January, rollback: IrreversibleText).Deploy(January).OnDisk(February);

        CollectionAssert.AreEqual(new[] { February }, Plan(builder));
    }
}
