using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// An environment with a <see cref="MigrationEnvironment.ConfirmVariable"/> refuses every change unless that
/// variable is exactly <c>true</c> (MIG1003). Reading status changes nothing and needs no confirmation.
/// </summary>
internal sealed class ProductionConfirmationGate : IDeploymentGate
{
    public const string ConfirmedValue = "true";

    // Longer values are not echoed: a confirmation flag that long is more likely a pasted URL than a typo of "true".
    private const int LongestValueShown = 16;

    public string Name => "production-confirmation";

    public bool AppliesTo(DeploymentGateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Environment.RequiresConfirmation && PublicSurface.ChangesDatabase(context.Operation);
    }

    public ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variable = context.Environment.ConfirmVariable!;
        var value = context.ReadVariable(variable);
        if (string.Equals(value, ConfirmedValue, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(DeploymentGateResult.Pass(Name));
        }

        var state = value switch
        {
            null or "" => "is not set",
            { Length: <= LongestValueShown } => $"is '{value}', not exactly '{ConfirmedValue}'",
            _ => $"is not exactly '{ConfirmedValue}'",
        };
        var target = PublicSurface.TargetName(context.Operation);
        var command = $"{variable}={ConfirmedValue} "
            + PublicSurface.Command(context.ProjectPath ?? "…", context.Operation, [(PublicSurface.MigrationProperty, context.Migration), .. context.Arguments]);
        var diagnostic = new Diagnostic(
            DiagnosticCatalog.ProductionNotConfirmed,
            SourceLocation.None,
            $"{target} on {context.Environment.Name} needs confirmation: {variable} {state}. To go ahead, run: {command}");
        return ValueTask.FromResult(DeploymentGateResult.Refuse(Name, diagnostic));
    }
}
