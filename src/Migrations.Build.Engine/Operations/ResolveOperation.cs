using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// ResolveMigration: after someone has settled a partial migration by hand, records whether it now counts as
/// applied or rolled back — with who did it and why — which unblocks deploys to that database. Nothing is run.
/// </summary>
internal static class ResolveOperation
{
    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string selector, HistoryStatus resolution, string? reason, CancellationToken cancellationToken)
    {
        if (resolution is not (HistoryStatus.Succeeded or HistoryStatus.RolledBack))
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "A migration resolves as applied (Succeeded) or rolled back (RolledBack).");
        }

        await using var session = await LockedSession.OpenAsync(context, "resolve", cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        var ledger = MigrationLedger.Build(pairs, await session.History.ReadAllAsync(session.Connection, cancellationToken).ConfigureAwait(false));
        var target = MigrationSelector.Find(ledger, selector);
        if (target is null)
        {
            context.Log.Report(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration matches Migration='{selector}' on disk or in the history of {context.EnvironmentName} ({MigrationSelector.DescribeChoices(ledger)})."));
            return new OperationOutcome(false, [], [], []);
        }

        if (target.State != MigrationState.Partial)
        {
            context.Log.Report(new Diagnostic(DiagnosticCatalog.MigrationNotApplied, SourceLocation.None, $"Migration {target.Id} is {MigrationStateText.Format(target.State)} on {context.EnvironmentName}, not partial; only a migration that stopped part way can be resolved."));
            return new OperationOutcome(false, [], [], []);
        }

        var who = $"{System.Environment.UserName}@{context.ClientHost}";
        var outcomeWord = resolution == HistoryStatus.Succeeded ? "applied" : "rolled_back";
        var partial = target.LastChange!;
        await session.History.AppendAsync(session.Connection, null, new HistoryEntry
        {
            Version = target.Version,
            Name = target.Name,
            Operation = MigrationOperation.Resolve,
            Environment = context.EnvironmentName,
            Status = resolution,
            ForwardChecksum = partial.ForwardChecksum,
            RollbackChecksum = partial.RollbackChecksum,
            ForwardSql = partial.ForwardSql,
            RollbackSql = partial.RollbackSql,
            StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow,
            StatementsDone = partial.StatementsDone,
            StatementsTotal = partial.StatementsTotal,
            ClientHost = context.ClientHost,
            ToolVersion = context.ToolVersion,
            Notes = $"resolved as {outcomeWord} by {who}" + (string.IsNullOrWhiteSpace(reason) ? string.Empty : $": {reason}"),
        }, cancellationToken).ConfigureAwait(false);

        context.Log.Important($"Recorded {target.Id} as {outcomeWord.Replace('_', ' ')} on {context.EnvironmentName} (resolved by {who}); deploys to it are unblocked.");
        return new OperationOutcome(true, [target.Id], [], []);
    }
}
