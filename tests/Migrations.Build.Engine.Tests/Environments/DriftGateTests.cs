using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Tests.Environments;

/// <summary>CheckDrift="true": the drift check as the last gate of a deploy or rollback, with the check itself stubbed.</summary>
[TestClass]
public sealed class DriftGateTests
{
    private static readonly MigrationEnvironment Checked = MigrationEnvironment.Production with { CheckDrift = true };

    [TestMethod]
    public void The_drift_gate_is_the_last_standard_gate()
    {
        Assert.IsInstanceOfType<DriftGate>(DeploymentGates.Standard[^1]);
    }

    [TestMethod]
    [DataRow(MigrationOperation.Deploy, true, true)]
    [DataRow(MigrationOperation.Rollback, true, true)]
    [DataRow(MigrationOperation.Resolve, true, false)]
    [DataRow(MigrationOperation.Status, true, false)]
    [DataRow(MigrationOperation.Deploy, false, false)]
    public void It_applies_to_deploys_and_rollbacks_on_environments_that_ask_for_it(MigrationOperation operation, bool checkDrift, bool applies)
    {
        var context = new DeploymentGateContext(MigrationEnvironment.Production with { CheckDrift = checkDrift }, operation, _ => null);

        Assert.AreEqual(applies, new DriftGate().AppliesTo(context));
    }

    [TestMethod]
    public async Task No_drift_passes_without_a_note()
    {
        var result = await new DriftGate().CheckAsync(Context(_ => Task.FromResult<DriftReport?>(new DriftReport("Production", 2, "server", []))));

        Assert.IsTrue(result.Passed);
        Assert.IsNull(result.Diagnostic);
        Assert.IsNull(result.Note);
    }

    [TestMethod]
    public async Task Drift_refuses_with_the_command_that_goes_ahead_anyway()
    {
        var difference = new SchemaDifference(SchemaDifferenceKind.Unexpected, "index", "public.x_idx", null, null, null, "in its history", "on Production");

        var result = await new DriftGate().CheckAsync(Context(_ => Task.FromResult<DriftReport?>(new DriftReport("Production", 2, "server", [difference]))));

        Assert.IsFalse(result.Passed);
        Assert.AreEqual("MIG1042", result.Diagnostic!.Code);
        Assert.AreEqual(
            "DeployMigration on Production refused before anything ran: its schema has drifted from its history: 1 difference(s) (MIG1040 above). Put hand-made changes that should stay into a migration and undo the others, then run it again; "
            + "to go ahead anyway (logged loudly and recorded in history), run: CONFIRM_PRODUCTION=true dotnet msbuild db.csproj -t:DeployMigration -p:MigrationsEnvironment=Production -p:Migration=20250210000000_x -p:MigrationsSkipDriftCheck=true",
            result.Diagnostic.Message);
    }

    [TestMethod]
    public async Task A_check_that_could_not_run_refuses_too()
    {
        var result = await new DriftGate().CheckAsync(Context(_ => Task.FromResult<DriftReport?>(null)));

        Assert.IsFalse(result.Passed);
        Assert.AreEqual("MIG1041", result.Diagnostic!.Code);
        StringAssert.Contains(result.Diagnostic.Message, "its drift check could not run (the reason is above)");
    }

    [TestMethod]
    public async Task The_override_skips_the_check_with_a_warning_and_a_note()
    {
        var ran = false;
        var context = Context(_ =>
        {
            ran = true;
            return Task.FromResult<DriftReport?>(null);
        }) with { SkipDriftCheck = true };

        var result = await new DriftGate().CheckAsync(context);

        Assert.IsTrue(result.Passed);
        Assert.IsFalse(ran, "the skipped check must not run");
        Assert.AreEqual("MIG1043", result.Diagnostic!.Code);
        Assert.IsFalse(result.Diagnostic.IsError);
        Assert.AreEqual("drift check skipped (MigrationsSkipDriftCheck=true)", result.Note);
    }

    private static DeploymentGateContext Context(Func<CancellationToken, Task<DriftReport?>> check) =>
        new(Checked, MigrationOperation.Deploy, _ => null) { CheckDrift = check, ProjectPath = "db.csproj", Migration = "20250210000000_x" };
}
