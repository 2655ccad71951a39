using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Runbooks;

/// <summary>
/// <c>MigrationsHealthCheckCommand</c> after a deploy that applied something to an environment with a ConfirmVariable:
/// the command runs through the platform shell in the project's folder, reaching the database through the PG*
/// variables. Exit 0 is healthy. Anything else is MIG1030 with the runbook's rollback commands, and with
/// <c>MigrationsRollbackOnFailedHealthCheck=true</c> the deploy's migrations are rolled back, newest first, through
/// the normal rollback (its data-loss guard and backup included), each row noting why.
/// </summary>
internal static class DeployHealthCheck
{
    /// <summary>How many of the command's last output lines the error quotes.</summary>
    private const int LinesShown = 5;

    /// <summary>True when healthy (or there is nothing to check).</summary>
    public static async Task<bool> RunAsync(
        OperationContext context,
        HealthCheckSettings settings,
        IReadOnlyList<MigrationPair> pairs,
        OperationOutcome deploy,
        CancellationToken cancellationToken)
    {
        if (deploy.Done.Count == 0 || context.Runbook is not { } runbook)
        {
            return true;
        }

        context.Log.Important($"Running the health check ({PublicSurface.HealthCheckCommandProperty}) on {context.EnvironmentName}: {settings.Command}");
        var (fileName, arguments, rawArguments) = ShellCommand.For(settings.Command);
        var password = new Npgsql.NpgsqlConnectionStringBuilder(context.ConnectionString).Password;
        var commands = deploy.Done.Reverse().Select(id => RunbookWriter.RollbackCommand(runbook, context.EnvironmentName, id)).ToList();
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(fileName, arguments, settings.WorkingDirectory, Timeout.InfiniteTimeSpan, ClientEnvironment.For(context.ConnectionString, "Migrations.Build health check"), rawArguments, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The deploy is committed and recorded; whoever cancelled must not take the unfinished check for a verdict.
            context.Log.Important(
                $"The health check on {context.EnvironmentName} was stopped by the cancellation before it finished, so the deploy is unchecked. "
                + $"The deploy of {string.Join(", ", deploy.Done)} stays applied and recorded. Runbook: {runbook.Path ?? "(not written)"}. To roll back, run, newest first: {string.Join(" ; then ", commands)}");
            throw;
        }

        if (result.Succeeded)
        {
            context.Log.Important($"Health check passed on {context.EnvironmentName} (exit code 0).");
            return true;
        }

        var output = PasswordRedaction.Redact(LastLines(result), password);
        context.Log.Report(new Diagnostic(
            DiagnosticCatalog.HealthCheckFailed,
            SourceLocation.None,
            $"Health check failed after deploy to {context.EnvironmentName}: {PublicSurface.HealthCheckCommandProperty} exited with code {result.ExitCode}"
            + (output.Length == 0 ? "." : $"; its last output: {output}.")
            + $" The deploy of {string.Join(", ", deploy.Done)} stays applied"
            + (settings.RollbackOnFailure ? " until the automatic rollback below" : string.Empty)
            + $". Runbook: {runbook.Path ?? "(not written)"}. To roll back, run, newest first: {string.Join(" ; then ", commands)}"
            + (settings.RollbackOnFailure ? string.Empty : $" (or set {PublicSurface.RollbackOnFailedHealthCheckProperty}=true to roll back automatically).")));
        if (settings.RollbackOnFailure)
        {
            await RollBackAsync(context, pairs, deploy.Done, result.ExitCode, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Rolls back newest first; stops at the first rollback refused or failed, which has reported why.</summary>
    private static async Task RollBackAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, IReadOnlyList<string> applied, int exitCode, CancellationToken cancellationToken)
    {
        var note = $"automatic rollback after a failed health check ({PublicSurface.HealthCheckCommandProperty} exited with code {exitCode})";
        var rollbackContext = context with { Notes = string.IsNullOrEmpty(context.Notes) ? note : context.Notes + "; " + note, BackupPath = null };
        var remaining = applied.Reverse().ToList();
        while (remaining.Count > 0)
        {
            var id = remaining[0];
            context.Log.Important($"Rolling back {id} on {context.EnvironmentName} automatically ({PublicSurface.RollbackOnFailedHealthCheckProperty}=true).");
            var outcome = await RollbackOperation.RunAsync(rollbackContext, pairs, id, allowOutOfOrder: false, useRollbackFromDisk: false, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                context.Log.Important($"The automatic rollback stopped at {id} (see the error above); still applied from this deploy: {string.Join(", ", remaining)}. Follow the runbook to finish it.");
                return;
            }

            remaining.RemoveAt(0);
        }

        context.Log.Important($"Automatic rollback after the failed health check finished: {string.Join(", ", applied.Reverse())} rolled back on {context.EnvironmentName}.");
    }

    private static string LastLines(ChildProcessResult result) =>
        string.Join(" | ", (result.StandardOutput + "\n" + result.StandardError)
            .Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeLast(LinesShown));
}
