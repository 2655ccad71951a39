using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// MigrationStatus: every migration on disk and in history, with its state in each environment whose URL is set
/// (or the one named), as a table, JSON or Markdown, optionally written to a file. Read-only: no lock, no gates.
/// With no URL set it still lists what is on disk.
/// </summary>
public static class StatusCommand
{
    public static Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default) =>
        OperationSequence.RunAsync(MigrationOperation.Status, settings, log, RunAsync, cancellationToken);

    private static async Task<bool> RunAsync(OperationSequence sequence)
    {
        if (sequence.Settings.StatusFormat() is not { } format)
        {
            return false;
        }

        var pairs = sequence.ValidatedPairs();
        var environments = pairs is null ? null : sequence.ResolveEnvironments();
        if (pairs is null || environments is null)
        {
            return false;
        }

        var rows = new List<StatusRow>();
        if (environments.Count == 0)
        {
            var variables = string.Join(", ", sequence.Resolver.Environments.Where(environment => !environment.IsThrowaway).Select(environment => environment.UrlVariable));
            sequence.Log.Important($"No environment's URL is set ({variables}), so only the migrations on disk are listed; set one to see its state.");
            rows.AddRange(StatusReader.Describe("(disk)", MigrationLedger.Build(pairs, [])));
            sequence.Summary.Environment = "none (no URL set; the migrations on disk)";
        }

        var succeeded = true;
        foreach (var environment in environments)
        {
            var target = await sequence.ConnectAsync(environment, runGates: false).ConfigureAwait(false);
            var context = target is null ? null : sequence.CreateContext(target);
            if (target is null || context is null)
            {
                succeeded = false;
                continue;
            }

            succeeded &= await sequence.GuardAsync(target, async () =>
            {
                rows.AddRange(await StatusReader.ReadAsync(context, pairs, sequence.CancellationToken).ConfigureAwait(false));
                return true;
            }).ConfigureAwait(false);
        }

        var text = StatusFormatter.Format(rows, format);
        sequence.Summary.StatusMarkdown = StatusFormatter.Format(rows, StatusFormat.Markdown);
        sequence.Log.Important(Environment.NewLine + text.TrimEnd('\n'));
        if (!string.IsNullOrWhiteSpace(sequence.Raw.StatusFile))
        {
            ReportFile.Write(sequence.Raw.StatusFile, text, sequence.Log, "Status");
        }

        return succeeded;
    }
}
