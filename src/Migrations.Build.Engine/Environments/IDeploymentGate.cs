namespace Migrations.Build.Engine.Environments;

/// <summary>
/// One check an operation must pass before it touches an environment (contract §4): production confirmation now;
/// staging evidence, deployment window and backup slot in beside it. Asynchronous because those later gates read
/// history from a database or run a backup command.
/// </summary>
internal interface IDeploymentGate
{
    /// <summary>Short name for logs and history rows.</summary>
    string Name { get; }

    /// <summary>Whether this gate has anything to say about this environment and operation.</summary>
    bool AppliesTo(DeploymentGateContext context);

    ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default);
}
