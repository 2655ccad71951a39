using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// <c>CheckDrift="true"</c> on an environment: a deploy or rollback there first runs the drift check and is refused when
/// the live schema differs from what its history builds (MIG1042, after a MIG1040 per difference) or when the check
/// cannot run (MIG1041 or the reason reported). Last of the gates: it replays the history on a throwaway database, the
/// costliest check, and it only reads the live database, so a refusal comes before the lock and before any write.
/// <c>MigrationsSkipDriftCheck=true</c> lets the operation through without the check, with the warning MIG1043 and a
/// note in every history row it writes.
/// </summary>
internal sealed class DriftGate : IDeploymentGate
{
    public string Name => "drift";

    public bool AppliesTo(DeploymentGateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Operation is MigrationOperation.Deploy or MigrationOperation.Rollback && context.Environment.CheckDrift;
    }

    public async ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = PublicSurface.TargetName(context.Operation);
        var environment = context.Environment.Name;
        if (context.SkipDriftCheck)
        {
            var warning = new Diagnostic(
                DiagnosticCatalog.DriftCheckSkipped,
                SourceLocation.None,
                $"{target} on {environment} goes ahead without its drift check because {PublicSurface.SkipDriftCheckProperty}=true; this is recorded in {environment}'s history.",
                DiagnosticSeverity.Warning);
            return DeploymentGateResult.PassWithWarning(Name, warning) with { Note = $"drift check skipped ({PublicSurface.SkipDriftCheckProperty}=true)" };
        }

        var report = context.CheckDrift is null ? null : await context.CheckDrift(cancellationToken).ConfigureAwait(false);
        if (report is { HasDrift: false })
        {
            return DeploymentGateResult.Pass(Name);
        }

        var command = (context.Environment.ConfirmVariable is { } confirm ? $"{confirm}={ProductionConfirmationGate.ConfirmedValue} " : string.Empty)
            + PublicSurface.Command(
                context.ProjectPath ?? "…",
                context.Operation,
                [(PublicSurface.EnvironmentProperty, environment), (PublicSurface.MigrationProperty, context.Migration), .. context.Arguments, (PublicSurface.SkipDriftCheckProperty, "true")]);
        var why = report is null
            ? $"its drift check could not run (the reason is above), so nothing says its schema is what its history builds"
            : $"its schema has drifted from its history: {report.Differences.Count} difference(s) (MIG1040 above)";
        return DeploymentGateResult.Refuse(Name, new Diagnostic(
            report is null ? DiagnosticCatalog.HistoryNotReplayable : DiagnosticCatalog.DriftFound,
            SourceLocation.None,
            $"{target} on {environment} refused before anything ran: {why}. Put hand-made changes that should stay into a migration and undo the others, then run it again; "
            + $"to go ahead anyway (logged loudly and recorded in history), run: {command}"));
    }
}
