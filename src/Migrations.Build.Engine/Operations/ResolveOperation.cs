using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Supabase;
using Npgsql;

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

        // MigrationsSupabaseHistory=true: the CLI's history is settled the same way, in the transaction of our row.
        SupabaseHistoryKeeper? supabase = null;
        if (context.KeepSupabaseHistory)
        {
            var (usable, keeper) = await SupabaseHistoryKeeper.PrepareAsync(context, session.Connection, deploying: resolution == HistoryStatus.Succeeded, cancellationToken).ConfigureAwait(false);
            if (!usable)
            {
                context.Log.Important($"Resolving {target.Id} on {context.EnvironmentName} refused; nothing was recorded.");
                return new OperationOutcome(false, [], [], []);
            }

            supabase = keeper;
        }

        var who = $"{System.Environment.UserName}@{context.ClientHost}";
        var outcomeWord = resolution == HistoryStatus.Succeeded ? "applied" : "rolled_back";
        var partial = target.LastChange!;
        var row = new HistoryEntry
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
        };

        var listing = supabase?.CommandForResolution(row, new MigrationScript(target.Id + ".sql", partial.ForwardSql ?? string.Empty));
        if (listing is null)
        {
            await session.History.AppendAsync(session.Connection, null, row, cancellationToken).ConfigureAwait(false);
        }
        else if (!await RecordBothAsync(context, session, row, listing, target.Pair is { } pair ? SourceLocation.StartOf(pair.Forward.Path) : SourceLocation.None, cancellationToken).ConfigureAwait(false))
        {
            return new OperationOutcome(false, [], [], []);
        }

        var listed = listing is null ? string.Empty : resolution == HistoryStatus.Succeeded ? $", and {SupabaseHistoryTable.DisplayName} lists it" : $", and {SupabaseHistoryTable.DisplayName} no longer lists it";
        context.Log.Important($"Recorded {target.Id} as {outcomeWord.Replace('_', ' ')} on {context.EnvironmentName} (resolved by {who}){listed}; deploys to it are unblocked.");
        return new OperationOutcome(true, [target.Id], [], []);
    }

    /// <summary>
    /// Our resolve row and the Supabase row's change in one transaction: both histories say the same, or neither
    /// changed (a refused Supabase row is MIG1063, with nothing recorded).
    /// </summary>
    private static async Task<bool> RecordBothAsync(OperationContext context, LockedSession session, HistoryEntry row, NpgsqlBatchCommand listing, SourceLocation location, CancellationToken cancellationToken)
    {
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await session.History.AppendAsync(session.Connection, transaction, row, cancellationToken).ConfigureAwait(false);
        try
        {
            // The batch holds the Supabase row's change alone: a server error here is that table's refusal.
            await using var batch = new NpgsqlBatch(session.Connection, transaction) { BatchCommands = { listing } };
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            var repair = row.Status == HistoryStatus.Succeeded ? "applied" : "reverted";
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.SupabaseHistoryRowRefused,
                location,
                $"{row.MigrationId} was not resolved on {context.EnvironmentName}: {SupabaseHistoryTable.DisplayName} refused the change of its row ({exception.MessageText}, SQLSTATE {exception.SqlState}), and our history records nothing without it. "
                + $"Grant this role USAGE on schema {SupabaseHistoryTable.Schema} and {(repair == "applied" ? "INSERT" : "DELETE")} on the table (and check its triggers and policies), or resolve with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "false")} and run: supabase migration repair --status {repair} {row.Version}"));
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
