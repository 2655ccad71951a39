using System.Globalization;
using System.Text.RegularExpressions;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// The log <see cref="BaselineProof"/> hands the drift check's comparison. That comparison words a forward that fails
/// on the throwaway database for a drift check (MIG1041, "so its drift cannot be checked", about recorded history); for
/// a baseline it is the file on disk that fails, so this turns it into MIG1053 at the file and the line the server
/// named, with a baseline's advice. Everything else passes through unchanged.
/// </summary>
internal sealed partial class BaselineReplayLog(IOperationLog inner, IReadOnlyList<MigrationPair> chain, string environment, string baselineId) : IOperationLog
{
    public void Info(string message) => inner.Info(message);

    public void Important(string message) => inner.Important(message);

    public void Detail(string message) => inner.Detail(message);

    public void Report(Diagnostic diagnostic)
    {
        var reason = diagnostic.Code == DiagnosticCatalog.HistoryNotReplayable.Code ? ReplayFailure().Match(diagnostic.Message) : null;
        var pair = reason is { Success: true } ? chain.FirstOrDefault(candidate => candidate.Id == reason.Groups["id"].Value) : null;
        if (reason is null || pair is null)
        {
            inner.Report(diagnostic);
            return;
        }

        var line = int.Parse(reason.Groups["line"].Value, CultureInfo.InvariantCulture);
        var column = int.Parse(reason.Groups["column"].Value, CultureInfo.InvariantCulture);
        inner.Report(new Diagnostic(
            DiagnosticCatalog.BaselineProofFailed,
            new SourceLocation(pair.Forward.Path, line, column),
            $"The baseline of {environment} at {baselineId} cannot be proven: {pair.Id} fails on a fresh throwaway database: {reason.Groups["error"].Value}. "
            + "If it relies on roles, schemas or extensions the platform provides, put them in MigrationsLocalBootstrap (or 'supabase' on Supabase); otherwise the files do not build this database's schema as they are."));
    }

    /// <summary>"…: &lt;id&gt;, run as &lt;role&gt;, failed on the throwaway database at line L, column C: &lt;error&gt;. If it relies…"</summary>
    [GeneratedRegex(@": (?<id>\d{14}_[a-z0-9_]+), run as .+?, failed on the throwaway database at line (?<line>\d+), column (?<column>\d+): (?<error>.+?)\. If it relies", RegexOptions.Singleline)]
    private static partial Regex ReplayFailure();
}
