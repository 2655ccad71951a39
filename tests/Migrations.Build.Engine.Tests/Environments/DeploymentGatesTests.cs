using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class DeploymentGatesTests
{
    [TestMethod]
    public void The_standard_gates_start_with_production_confirmation()
    {
        Assert.IsInstanceOfType<ProductionConfirmationGate>(DeploymentGates.Standard[0]);
    }

    [TestMethod]
    public async Task Gates_run_in_order_and_stop_at_the_first_refusal()
    {
        var calls = new List<string>();
        var gates = new IDeploymentGate[]
        {
            new RecordingGate("first", calls, passes: true),
            new RecordingGate("not-applicable", calls, passes: true, applies: false),
            new RecordingGate("refusing", calls, passes: false),
            new RecordingGate("expensive", calls, passes: true),
        };

        var results = await DeploymentGates.CheckAsync(gates, Context(new()));

        CollectionAssert.AreEqual(new[] { "first", "refusing" }, calls);
        CollectionAssert.AreEqual(new[] { true, false }, results.Select(r => r.Passed).ToArray());
    }

    [TestMethod]
    public async Task Unconfirmed_production_is_refused_by_the_standard_gates()
    {
        var results = await DeploymentGates.CheckAsync(DeploymentGates.Standard, Context(new()));

        Assert.AreEqual("MIG1003", results.Single(r => !r.Passed).Diagnostic!.Code);
    }

    [TestMethod]
    public async Task Confirmed_production_passes_the_standard_gates()
    {
        var results = await DeploymentGates.CheckAsync(DeploymentGates.Standard, Context(new(("CONFIRM_PRODUCTION", "true"))));

        Assert.IsTrue(results.All(r => r.Passed && r.Diagnostic is null));
    }

    [TestMethod]
    public async Task A_pass_with_a_warning_lets_the_next_gate_run_and_keeps_the_warning()
    {
        var calls = new List<string>();
        var gates = new IDeploymentGate[] { new RecordingGate("warning", calls, passes: true, warns: true), new RecordingGate("next", calls, passes: true) };

        var results = await DeploymentGates.CheckAsync(gates, Context(new()));

        CollectionAssert.AreEqual(new[] { "warning", "next" }, calls);
        Assert.AreEqual("overridden", results[0].Diagnostic!.Message);
        Assert.IsTrue(results.All(r => r.Passed));
    }

    [TestMethod]
    public async Task When_no_gate_applies_there_is_no_verdict_at_all()
    {
        var calls = new List<string>();

        var results = await DeploymentGates.CheckAsync([new RecordingGate("elsewhere", calls, passes: false, applies: false)], Context(new()));

        Assert.IsEmpty(results);
        Assert.IsEmpty(calls);
    }

    [TestMethod]
    [DataRow("Staging", MigrationOperation.Deploy)]
    [DataRow("Production", MigrationOperation.Status)]
    public async Task The_standard_gates_have_nothing_to_say_where_no_confirmation_is_needed(string environment, MigrationOperation operation)
    {
        var context = new DeploymentGateContext(MigrationEnvironment.BuiltIn.Single(e => e.Name == environment), operation, new Variables().Get);

        Assert.IsEmpty(await DeploymentGates.CheckAsync(DeploymentGates.Standard, context));
    }

    [TestMethod]
    public async Task Gates_and_context_are_required()
    {
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(() => DeploymentGates.CheckAsync(null!, Context(new())));
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(() => DeploymentGates.CheckAsync(DeploymentGates.Standard, null!));
    }

    private static DeploymentGateContext Context(Variables variables) =>
        new(MigrationEnvironment.Production, MigrationOperation.Deploy, variables.Get);

    private sealed class RecordingGate(string name, List<string> calls, bool passes, bool applies = true, bool warns = false) : IDeploymentGate
    {
        public string Name => name;

        public bool AppliesTo(DeploymentGateContext context) => applies;

        public ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default)
        {
            calls.Add(name);
            if (warns)
            {
                return ValueTask.FromResult(DeploymentGateResult.PassWithWarning(name, new Diagnostic(DiagnosticCatalog.ProductionNotConfirmed, SourceLocation.None, "overridden", DiagnosticSeverity.Warning)));
            }

            return ValueTask.FromResult(passes
                ? DeploymentGateResult.Pass(name)
                : DeploymentGateResult.Refuse(name, new Diagnostic(DiagnosticCatalog.ProductionNotConfirmed, SourceLocation.None, "refused")));
        }
    }
}
