using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Supabase;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// RollbackMigration against one database: under the migration lock, run the planned rollback text (in a
/// transaction unless it says <c>-- migrations:no-transaction</c>) and record it, after which the migration is
/// pending again.
/// </summary>
internal static class RollbackOperation
{
    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string? selector, bool allowOutOfOrder, bool useRollbackFromDisk, CancellationToken cancellationToken)
    {
        await using var session = await LockedSession.OpenAsync(context, "rollback", cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        var ledger = MigrationLedger.Build(pairs, await session.History.ReadAllAsync(session.Connection, cancellationToken).ConfigureAwait(false));
        var plan = RollbackPlanner.Plan(ledger, context.EnvironmentName, selector, allowOutOfOrder, useRollbackFromDisk);
        foreach (var diagnostic in plan.Diagnostics)
        {
            context.Log.Report(diagnostic);
        }

        if (plan.IsRefused)
        {
            context.Log.Important($"Rollback on {context.EnvironmentName} refused; nothing was changed.");
            return new OperationOutcome(false, [], [], []);
        }

        var target = plan.Target!;
        var script = new MigrationScript(plan.RollbackFilePath!, plan.RollbackSql!);
        var row = new HistoryEntry
        {
            Version = target.Version,
            Name = target.Name,
            Operation = MigrationOperation.Rollback,
            Environment = context.EnvironmentName,
            Status = HistoryStatus.Failed,
            ForwardChecksum = target.LastApplication?.ForwardChecksum ?? target.Pair?.Forward.Checksum,
            RollbackChecksum = MigrationText.ComputeChecksum(plan.RollbackSql!),
            RollbackSql = plan.RollbackSql,
            StartedAt = DateTimeOffset.UtcNow,
            ClientHost = context.ClientHost,
            ToolVersion = context.ToolVersion,
            Notes = context.Notes,
        };

        if (await DataLossGuard.EnforceAsync(context, session, [(script, row)], cancellationToken).ConfigureAwait(false) is not { } guarded)
        {
            context.Log.Important($"Rollback of {target.Id} on {context.EnvironmentName} refused; nothing was changed.");
            return new OperationOutcome(false, [], [], []);
        }

        context = guarded;
        row = row with { Notes = context.Notes };

        // MigrationsSupabaseHistory=true: the rollback deletes the version's Supabase row in its own transaction.
        SupabaseHistoryKeeper? supabase = null;
        if (context.KeepSupabaseHistory)
        {
            var (usable, keeper) = await SupabaseHistoryKeeper.PrepareAsync(context, session.Connection, deploying: false, cancellationToken).ConfigureAwait(false);
            if (!usable)
            {
                context.Log.Important($"Rollback of {target.Id} on {context.EnvironmentName} refused; nothing was changed.");
                return new OperationOutcome(false, [], [], []);
            }

            supabase = keeper;
        }

        // Backup="true": a checked backup before the rollback runs, or no change at all.
        var backedUp = await Backups.BackupBeforeChange.RunAsync(context, session, row, cancellationToken).ConfigureAwait(false);
        if (backedUp is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        context = backedUp;
        row = row with { BackupPath = context.BackupPath };

        // A rollback takes one migration, so it is always 1/1; said the way a deploy says each of its own.
        context.Log.Important($"Rolling back {target.Id} (1/1) on {context.EnvironmentName}…");
        var outcome = await RecordedExecution.RunAsync(context, session, script, row, supabase, cancellationToken).ConfigureAwait(false);
        MigrationTiming[] timings = [new(target.Id, outcome.Elapsed, outcome.Succeeded)];
        if (!outcome.Succeeded)
        {
            context.Log.Report(outcome.FailureDiagnostic());
            context.Log.Important($"Rollback of {target.Id} on {context.EnvironmentName} failed; {(script.RunsOutsideTransaction && outcome.StatementsDone > 0 ? $"{outcome.StatementsDone} of {outcome.StatementsTotal} statements ran and the migration is now partial" : "nothing was changed")}.");
            return new OperationOutcome(false, [], [], [target.Id]) { Timings = timings, BackupPath = context.BackupPath };
        }

        context.Log.Important($"Rolled back {target.Id} on {context.EnvironmentName} in {((long)outcome.Elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms ({outcome.StatementsTotal} statement(s)); it is pending again{(supabase is null ? string.Empty : $", and {SupabaseHistoryTable.DisplayName} no longer lists it")}.");
        return new OperationOutcome(true, [target.Id], [], []) { Timings = timings, BackupPath = context.BackupPath };
    }
}
