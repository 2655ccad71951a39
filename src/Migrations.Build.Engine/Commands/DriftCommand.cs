using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// MigrationDrift: for the environment named (or every one whose URL is set), replays the migrations its history
/// records as applied on a throwaway Local database and compares the schema with the live one; each difference is
/// MIG1040, and any drift fails the run (MIG1042). A table, JSON or Markdown report, optionally written to a file.
/// Read-only like MigrationStatus: no lock, no gates, nothing written to the live database.
/// </summary>
public static class DriftCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Drift, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        if (sequence.Settings.DriftFormat() is not { } format)
        {
            return false;
        }

        var pairs = sequence.ValidatedPairs();
        var environments = pairs is null ? null : sequence.ResolveEnvironments();
        if (pairs is null || environments is null)
        {
            return false;
        }

        if (environments.Count == 0)
        {
            var variables = string.Join(", ", sequence.Resolver.Environments.Where(environment => !environment.IsThrowaway).Select(environment => environment.UrlVariable));
            sequence.Log.Report(new Diagnostic(
                DiagnosticCatalog.EnvironmentNotConfigured,
                SourceLocation.None,
                $"No environment's URL is set ({variables}), so there is no database to check for drift; set one, and name it with -p:{PublicSurface.EnvironmentProperty}=… if several are set."));
            return false;
        }

        var reports = new List<DriftReport>();
        var checkedAll = true;
        foreach (var environment in environments)
        {
            var target = await sequence.ConnectAsync(environment, runGates: false).ConfigureAwait(false);
            var report = target is null ? null : await DriftCheck.RunAsync(sequence, target).ConfigureAwait(false);
            if (report is null)
            {
                checkedAll = false;
                continue;
            }

            reports.Add(report);
            if (report.HasDrift)
            {
                sequence.Log.Report(Drifted(report, sequence.Raw.ProjectPath));
            }
        }

        var text = DriftFormatter.Format(reports, format);
        sequence.Summary.StatusMarkdown = DriftFormatter.Format(reports, StatusFormat.Markdown);
        sequence.Log.Important(Environment.NewLine + text.TrimEnd('\n'));
        if (!string.IsNullOrWhiteSpace(sequence.Raw.DriftFile))
        {
            ReportFile.Write(sequence.Raw.DriftFile, text, sequence.Log, "Drift report");
        }

        return checkedAll && reports.All(report => !report.HasDrift);
    }

    /// <summary>MIG1042: the summary that fails the run, after the MIG1040 line of each difference.</summary>
    internal static Diagnostic Drifted(DriftReport report, string? projectPath) => new(
        DiagnosticCatalog.DriftFound,
        SourceLocation.None,
        $"{report.Environment} has drifted from its history: {report.Differences.Count} difference(s) (MIG1040 above) between its schema and what its {report.MigrationsReplayed} applied migration(s) build. "
        + $"Put each change that should stay into a new migration, undo the others by hand, then check again: {PublicSurface.Command(projectPath, MigrationOperation.Drift, (PublicSurface.EnvironmentProperty, report.Environment))}");
}
