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

    private static DeploymentGateContext Context(Variables variables) =>
        new(MigrationEnvironment.Production, MigrationOperation.Deploy, variables.Get);

    private sealed class RecordingGate(string name, List<string> calls, bool passes, bool applies = true) : IDeploymentGate
    {
        public string Name => name;

        public bool AppliesTo(DeploymentGateContext context) => applies;

        public ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default)
        {
            calls.Add(name);
            return ValueTask.FromResult(passes
                ? DeploymentGateResult.Pass(name)
                : DeploymentGateResult.Refuse(name, new Diagnostic(DiagnosticCatalog.ProductionNotConfirmed, SourceLocation.None, "refused")));
        }
    }
}
