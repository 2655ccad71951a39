using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// <c>MigrationsDeploymentWindow</c> (MIG1012): a deploy or rollback on a production-like environment (one with a
/// ConfirmVariable, as for MIG1003) is refused outside the window, unless <c>MigrationsIgnoreWindow=true</c>, which
/// goes ahead with a MIG1012 warning and a note in every history row the operation writes. It is judged once, when the
/// operation starts, before anything connects; a deploy that runs past the window's end is not stopped half way.
/// </summary>
internal sealed class DeploymentWindowGate(TimeZoneLookup zones) : IDeploymentGate
{
    public DeploymentWindowGate()
        : this(TimeZoneLookup.System)
    {
    }

    public string Name => "deployment-window";

    /// <summary>
    /// Any deploy or rollback with a window set, not just production ones: a window that cannot be read is reported
    /// on the Staging deploy that comes first, not discovered at the production deploy.
    /// </summary>
    public bool AppliesTo(DeploymentGateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Operation is MigrationOperation.Deploy or MigrationOperation.Rollback
            && !string.IsNullOrWhiteSpace(context.DeploymentWindow);
    }

    public ValueTask<DeploymentGateResult> CheckAsync(DeploymentGateContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Check(context));
    }

    private DeploymentGateResult Check(DeploymentGateContext context)
    {
        var window = DeploymentWindowParser.Parse(context.DeploymentWindow!, zones, out var problem);
        if (window is null)
        {
            return DeploymentGateResult.Refuse(Name, new Diagnostic(
                DiagnosticCatalog.InvalidSetting,
                SourceLocation.None,
                $"{PublicSurface.DeploymentWindowProperty} '{context.DeploymentWindow!.Trim()}' cannot be read: {problem}. Write each window as days, a time range and an IANA time zone, e.g. {DeploymentWindowParser.Example}; separate windows with ';' (inside -p: on the command line, write ';' as %3B and ',' as %2C)."));
        }

        var now = context.Clock.GetUtcNow();
        if (!context.Environment.RequiresConfirmation || window.IsOpenAt(now))
        {
            return DeploymentGateResult.Pass(Name);
        }

        var target = PublicSurface.TargetName(context.Operation);
        var environment = context.Environment.Name;
        var outside = $"{target} on {environment} is outside the deployment window ({PublicSurface.DeploymentWindowProperty} '{window.Text}'): it is now {window.DescribeNow(now)}";
        var next = window.NextOpening(now) is var (opens, opening)
            ? $"the next window opens {DeploymentWindow.DescribeOpening(opens, opening)}, in {DeploymentWindow.DescribeWait(opens - now)}"
            : "no window opens in the next two weeks";
        if (context.IgnoreWindow)
        {
            var warning = new Diagnostic(
                DiagnosticCatalog.OutsideDeploymentWindow,
                SourceLocation.None,
                $"{outside}; {next}. Going ahead anyway because {PublicSurface.IgnoreWindowProperty}=true; this is recorded in {environment}'s history.",
                DiagnosticSeverity.Warning);
            return DeploymentGateResult.PassWithWarning(Name, warning) with
            {
                Note = $"deployment window ignored ({PublicSurface.IgnoreWindowProperty}=true): outside '{window.Text}' at {window.DescribeNow(now)}",
            };
        }

        var command = $"{context.Environment.ConfirmVariable}={ProductionConfirmationGate.ConfirmedValue} "
            + PublicSurface.Command(
                context.ProjectPath ?? "…",
                context.Operation,
                [(PublicSurface.MigrationProperty, context.Migration), .. context.Arguments, (PublicSurface.IgnoreWindowProperty, "true")]);
        return DeploymentGateResult.Refuse(Name, new Diagnostic(
            DiagnosticCatalog.OutsideDeploymentWindow,
            SourceLocation.None,
            $"{outside}. {char.ToUpperInvariant(next[0])}{next[1..]}. Run it then; to go ahead now (logged loudly and recorded in history), run: {command}"));
    }
}
