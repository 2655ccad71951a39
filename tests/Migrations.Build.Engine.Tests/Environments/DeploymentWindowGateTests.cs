using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Environments;

/// <summary>MIG1012 on a fixed clock: Monday 2026-11-30 12:40 UTC, against a Saturday-night window.</summary>
[TestClass]
public sealed class DeploymentWindowGateTests
{
    private const string Saturday = "Sat 02:00-04:00 UTC";

    private static readonly DeploymentWindowGate Gate = new();

    private static DeploymentGateContext Context(
        string? window,
        MigrationOperation operation = MigrationOperation.Deploy,
        MigrationEnvironment? environment = null,
        string now = "2026-11-30 12:40",
        bool ignore = false) =>
        new(environment ?? MigrationEnvironment.Production, operation, new Variables(("CONFIRM_PRODUCTION", "true")).Get)
        {
            DeploymentWindow = window,
            IgnoreWindow = ignore,
            Clock = FixedClock.AtUtc(now),
            ProjectPath = "db/Billing.Database.csproj",
            Migration = "20250210000000_billing_integration_schema",
        };

    [TestMethod]
    [DataRow(MigrationOperation.Deploy, true)]
    [DataRow(MigrationOperation.Rollback, true)]
    [DataRow(MigrationOperation.Test, false)]
    [DataRow(MigrationOperation.Status, false)]
    [DataRow(MigrationOperation.Resolve, false)]
    public void It_guards_deploys_and_rollbacks(MigrationOperation operation, bool applies)
    {
        Assert.AreEqual(applies, Gate.AppliesTo(Context(Saturday, operation)));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  ")]
    public void Without_a_window_there_is_nothing_to_check(string? window)
    {
        Assert.IsFalse(Gate.AppliesTo(Context(window)));
    }

    [TestMethod]
    public async Task Inside_the_window_production_passes_silently()
    {
        var result = await Gate.CheckAsync(Context(Saturday, now: "2026-11-28 03:15"));

        Assert.AreEqual(DeploymentGateResult.Pass("deployment-window"), result);
    }

    [TestMethod]
    public async Task Outside_the_window_production_is_refused_with_the_time_now_and_the_next_opening()
    {
        var result = await Gate.CheckAsync(Context(Saturday));

        Assert.IsFalse(result.Passed);
        Assert.AreEqual("MIG1012", result.Diagnostic!.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, result.Diagnostic.Severity);
        Assert.AreEqual(
            "DeployMigration on Production is outside the deployment window (MigrationsDeploymentWindow 'Sat 02:00-04:00 UTC'): it is now Mon 12:40 UTC. "
            + "The next window opens Sat 2026-12-05 02:00 UTC, in 4 d 13 h 20 min. Run it then; to go ahead now (logged loudly and recorded in history), run: "
            + "CONFIRM_PRODUCTION=true dotnet msbuild db/Billing.Database.csproj -t:DeployMigration -p:Migration=20250210000000_billing_integration_schema -p:MigrationsIgnoreWindow=true",
            result.Diagnostic.Message);
        Assert.IsNull(result.Note);
    }

    [TestMethod]
    public async Task A_rollback_outside_the_window_is_refused_too()
    {
        var result = await Gate.CheckAsync(Context("Mon-Fri 22:00-23:30 Europe/Berlin", MigrationOperation.Rollback));

        Assert.AreEqual("MIG1012", result.Diagnostic!.Code);
        StringAssert.StartsWith(result.Diagnostic.Message, "RollbackMigration on Production is outside the deployment window (MigrationsDeploymentWindow 'Mon-Fri 22:00-23:30 Europe/Berlin'): it is now Mon 13:40 Europe/Berlin. The next window opens Mon 2026-11-30 22:00 Europe/Berlin (Mon 21:00 UTC), in 8 h 20 min.");
        StringAssert.Contains(result.Diagnostic.Message, "-t:RollbackMigration");
    }

    [TestMethod]
    public async Task The_override_goes_ahead_with_a_warning_and_a_note_for_history()
    {
        var result = await Gate.CheckAsync(Context(Saturday, ignore: true));

        Assert.IsTrue(result.Passed);
        Assert.AreEqual("MIG1012", result.Diagnostic!.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, result.Diagnostic.Severity);
        Assert.AreEqual(
            "DeployMigration on Production is outside the deployment window (MigrationsDeploymentWindow 'Sat 02:00-04:00 UTC'): it is now Mon 12:40 UTC; "
            + "the next window opens Sat 2026-12-05 02:00 UTC, in 4 d 13 h 20 min. Going ahead anyway because MigrationsIgnoreWindow=true; this is recorded in Production's history.",
            result.Diagnostic.Message);
        Assert.AreEqual("deployment window ignored (MigrationsIgnoreWindow=true): outside 'Sat 02:00-04:00 UTC' at Mon 12:40 UTC", result.Note);
    }

    [TestMethod]
    public async Task The_override_inside_the_window_changes_nothing()
    {
        var result = await Gate.CheckAsync(Context(Saturday, now: "2026-11-28 02:00", ignore: true));

        Assert.AreEqual(DeploymentGateResult.Pass("deployment-window"), result);
    }

    [TestMethod]
    public async Task Environments_without_a_confirmation_are_not_held_to_the_window()
    {
        var result = await Gate.CheckAsync(Context(Saturday, environment: MigrationEnvironment.BuiltIn.Single(e => e.Name == "Staging")));

        Assert.AreEqual(DeploymentGateResult.Pass("deployment-window"), result);
    }

    [TestMethod]
    public async Task A_window_that_cannot_be_read_is_MIG1019_on_every_environment()
    {
        var staging = MigrationEnvironment.BuiltIn.Single(e => e.Name == "Staging");

        var result = await Gate.CheckAsync(Context("Sat 02:00-04:00 UTC; Sun 02:00-04:00 Europe/Berln", environment: staging));

        Assert.IsFalse(result.Passed);
        Assert.AreEqual("MIG1019", result.Diagnostic!.Code);
        Assert.AreEqual(
            "MigrationsDeploymentWindow 'Sat 02:00-04:00 UTC; Sun 02:00-04:00 Europe/Berln' cannot be read: in the window 'Sun 02:00-04:00 Europe/Berln', "
            + "'Europe/Berln' is not a known time zone (did you mean Europe/Berlin?); use an IANA time zone name such as UTC, Europe/Berlin or America/New_York. "
            + "Write each window as days, a time range and an IANA time zone, e.g. 'Sat 02:00-04:00 UTC' or 'Mon-Fri 22:00-23:30 Europe/Berlin'; separate windows with ';' (inside -p: on the command line, write ';' as %3B and ',' as %2C).",
            result.Diagnostic.Message);
    }

    [TestMethod]
    public async Task Confirmation_is_asked_for_before_the_window()
    {
        var context = Context(Saturday) with { ReadVariable = new Variables().Get };

        var results = await DeploymentGates.CheckAsync(DeploymentGates.Standard, context);

        Assert.AreEqual("MIG1003", results.Single().Diagnostic!.Code);
    }

    [TestMethod]
    public async Task Confirmed_production_outside_the_window_is_stopped_by_the_standard_gates()
    {
        var results = await DeploymentGates.CheckAsync(DeploymentGates.Standard, Context(Saturday));

        CollectionAssert.AreEqual(new[] { "production-confirmation", "deployment-window" }, results.Select(r => r.GateName).ToArray());
        Assert.AreEqual("MIG1012", results.Single(r => !r.Passed).Diagnostic!.Code);
    }
}
