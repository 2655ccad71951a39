using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// One gate's verdict. A refusal carries the error to report. A pass may still carry a diagnostic: an override
/// such as <c>MigrationsSkipStagingCheck</c> passes with a loud warning that must also be recorded in history.
/// </summary>
internal sealed record DeploymentGateResult(string GateName, bool Passed, Diagnostic? Diagnostic)
{
    /// <summary>An override the gate let through, written into the notes of every history row the operation writes.</summary>
    public string? Note { get; init; }

    public static DeploymentGateResult Pass(string gateName) => new(gateName, true, null);

    public static DeploymentGateResult Refuse(string gateName, Diagnostic diagnostic) => new(gateName, false, diagnostic);

    public static DeploymentGateResult PassWithWarning(string gateName, Diagnostic warning) => new(gateName, true, warning);
}
