using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// MIG1011, before anything of a deploy or rollback runs on a guarded environment (<see cref="DataLossPolicy"/>):
/// when the files about to run would drop or empty objects that hold data now, one error per file names each object
/// and its count, the refusal is recorded in history, and nothing runs. With <c>MigrationsAllowDataLoss=true</c> the
/// same findings are warnings, said loudly, and written into the notes of the history rows of this operation.
/// </summary>
internal static class DataLossGuard
{
    /// <summary>
    /// The context to run with (its notes carry an allowed loss), or null after reporting and recording a refusal.
    /// <paramref name="runs"/> are read only when the environment is guarded.
    /// </summary>
    public static async Task<OperationContext?> EnforceAsync(OperationContext context, LockedSession session, IEnumerable<(MigrationScript Script, HistoryEntry Row)> runs, CancellationToken cancellationToken)
    {
        if (context.DataLoss is not { } policy)
        {
            return context;
        }

        var planned = runs.ToList();
        var verdict = await DataLossAssessment.AssessAsync(session.Connection, planned.Select(run => (run.Row.MigrationId, run.Script)).ToList(), context.Execution, cancellationToken).ConfigureAwait(false);
        if (!verdict.DestroysData)
        {
            return context;
        }

        foreach (var finding in verdict.Losses)
        {
            var row = planned.First(run => run.Row.MigrationId == finding.MigrationId).Row;
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.DataLoss,
                finding.Location,
                $"{Action(row, context.EnvironmentName)} would destroy data the database holds now: {finding.DescribeLosses()}. "
                + (policy.AllowDataLoss
                    ? $"Running it anyway because {AllowDataLossProperty}=true; this is recorded in {context.EnvironmentName}'s history."
                    : $"{Advice(row)} Copy what must be kept first (pg_dump -t, or CREATE TABLE … AS), or, if losing it is intended, pass {PropertySwitch(AllowDataLossProperty, "true")} (recorded in {context.EnvironmentName}'s history)."),
                policy.AllowDataLoss ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error));
        }

        if (!policy.AllowDataLoss)
        {
            foreach (var finding in verdict.Losses)
            {
                var (script, row) = planned.First(run => run.Row.MigrationId == finding.MigrationId);
                var recorded = await FailureRecorder.AppendAsync(context, session.History, row with
                {
                    Status = HistoryStatus.Failed,
                    FinishedAt = DateTimeOffset.UtcNow,
                    ExecutionMilliseconds = 0,
                    StatementsTotal = script.StatementCount,
                    Error = $"refused by the data-loss guard (MIG1011), nothing ran: it would destroy {finding.DescribeLosses()}",
                }).ConfigureAwait(false);
                context.Log.Info($"{finding.MigrationId}: {recorded}");
            }

            return null;
        }

        var note = $"data loss allowed ({AllowDataLossProperty}=true): "
            + string.Join("; ", verdict.Losses.Select(finding => $"{finding.MigrationId} destroys {finding.DescribeLosses()}"));
        context.Log.Important($"WARNING: {note}.");
        return context with { Notes = string.IsNullOrEmpty(context.Notes) ? note : context.Notes + "; " + note };
    }

    private static string Action(HistoryEntry row, string environment) => row.Operation == MigrationOperation.Rollback
        ? $"Rolling back {row.MigrationId} on {environment}"
        : $"Deploying {row.MigrationId} to {environment}";

    private static string Advice(HistoryEntry row) => row.Operation == MigrationOperation.Rollback
        ? "Rows written since the migration was deployed would go with it."
        : "Nothing was applied.";
}
