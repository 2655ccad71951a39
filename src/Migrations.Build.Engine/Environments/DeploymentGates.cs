namespace Migrations.Build.Engine.Environments;

/// <summary>Runs the gates in order before an operation; the first refusal stops the rest.</summary>
internal static class DeploymentGates
{
    /// <summary>
    /// The product's gates, cheapest and least intrusive first: a refusal must come before anything with side
    /// effects or cost (the backup gate, when it arrives, goes last).
    /// </summary>
    public static IReadOnlyList<IDeploymentGate> Standard { get; } = [new ProductionConfirmationGate(), new DeploymentWindowGate(), new DriftGate()];

    /// <summary>
    /// The verdict of every gate that applies, in order, ending at the first refusal: later gates may be expensive
    /// (a backup) and must not run for an operation that is refused anyway.
    /// </summary>
    public static async Task<IReadOnlyList<DeploymentGateResult>> CheckAsync(
        IEnumerable<IDeploymentGate> gates,
        DeploymentGateContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<DeploymentGateResult>();
        foreach (var gate in gates)
        {
            if (!gate.AppliesTo(context))
            {
                continue;
            }

            var result = await gate.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (!result.Passed)
            {
                break;
            }
        }

        return results;
    }
}
