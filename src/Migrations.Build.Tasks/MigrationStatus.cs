using System.Text;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Environments;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>
/// MigrationStatus: every migration on disk and in history, with its state in each environment whose URL is set
/// (or the one named), as a table, JSON or Markdown, optionally written to a file. Read-only: no lock, no gates.
/// </summary>
public sealed class MigrationStatus : DatabaseTask
{
    public string? Format { get; set; }

    public string? OutputFile { get; set; }

    protected override async Task<bool> ExecuteAsync()
    {
        if (!StatusFormatter.TryParseFormat(Format, out var format))
        {
            ReportSetting($"MigrationsStatusFormat '{Format}' is not a status format; use table, json or markdown.");
            return false;
        }

        var pairs = ValidatedPairs();
        var environments = pairs is null ? null : ResolveEnvironments(MigrationOperation.Status);
        if (pairs is null || environments is null)
        {
            return false;
        }

        var rows = new List<StatusRow>();
        if (environments.Count == 0)
        {
            var variables = string.Join(", ", CreateResolver().Environments.Where(environment => !environment.IsThrowaway).Select(environment => environment.UrlVariable));
            Log.LogMessage(MessageImportance.High, $"No environment's URL is set ({variables}), so only the migrations on disk are listed; set one to see its state.");
            rows.AddRange(StatusReader.Describe("(disk)", MigrationLedger.Build(pairs, [])));
        }

        var succeeded = true;
        foreach (var environment in environments)
        {
            var target = await ConnectAsync(environment, MigrationOperation.Status, runGates: false).ConfigureAwait(false);
            var context = target is null ? null : CreateContext(target);
            if (target is null || context is null)
            {
                succeeded = false;
                continue;
            }

            succeeded &= await RunGuardedAsync(target, async () =>
            {
                rows.AddRange(await StatusReader.ReadAsync(context, pairs, CancellationToken).ConfigureAwait(false));
                return true;
            }).ConfigureAwait(false);
        }

        var text = StatusFormatter.Format(rows, format);
        Log.LogMessage(MessageImportance.High, Environment.NewLine + text.TrimEnd('\n'));
        if (!string.IsNullOrWhiteSpace(OutputFile))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(OutputFile));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(OutputFile, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Log.LogMessage(MessageImportance.High, $"Status written to {Path.GetFullPath(OutputFile)}.");
        }

        return succeeded;
    }
}
