using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// TestMigration on a real environment (Staging): under the migration lock, proves each target migration's rollback
/// and leaves it applied, as the workflow expects staging to end up. Each proof is recorded as a <c>test</c> history
/// row with both checksums — the evidence production deploys require (MIG1004) — and, when it applied the migration,
/// a <c>deploy</c> row in the same transaction.
/// </summary>
internal static class TestOperation
{
    public static Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string? selector, CancellationToken cancellationToken) =>
        RunAsync(context, pairs, selector, applicationTests: null, cancellationToken);

    /// <summary>
    /// As above; when <paramref name="applicationTests"/> is given and every target was proven, runs them once, still
    /// under the lock so nobody changes staging's schema while they run, and records their outcome on the test rows.
    /// </summary>
    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string? selector, StagingApplicationTests? applicationTests, CancellationToken cancellationToken)
    {
        await using var session = await LockedSession.OpenAsync(context, "test", cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        var ledger = MigrationLedger.Build(pairs, await session.History.ReadAllAsync(session.Connection, cancellationToken).ConfigureAwait(false));
        var targets = TestPlanner.Plan(ledger, context.EnvironmentName, selector, context.Log);
        if (targets is null)
        {
            context.Log.Important($"TestMigration on {context.EnvironmentName} refused; nothing was changed.");
            return new OperationOutcome(false, [], [], []);
        }

        // MigrationsSupabaseHistory=true: a migration TestMigration leaves applied is listed in the Supabase history as a
        // deploy's is, in the same transaction as its deploy row; one the Supabase history already lists is not applied again.
        Supabase.SupabaseHistoryKeeper? supabase = null;
        if (context.KeepSupabaseHistory && targets.Any(target => target.State != MigrationState.Applied))
        {
            var (usable, keeper) = await Supabase.SupabaseHistoryKeeper.PrepareAsync(context, session.Connection, deploying: true, cancellationToken).ConfigureAwait(false);
            var listed = keeper?.ListedAlready(targets.Where(target => target.State != MigrationState.Applied), context.EnvironmentName) ?? [];
            foreach (var diagnostic in listed)
            {
                context.Log.Report(diagnostic);
            }

            if (!usable || listed.Count > 0)
            {
                context.Log.Important($"TestMigration on {context.EnvironmentName} refused; nothing was changed.");
                return new OperationOutcome(false, [], [], []);
            }

            supabase = keeper;
        }

        var proof = new RollbackProof(context.Execution, SnapshotOptions.ForHistory(context.History), context.Refutation);
        var proven = new List<string>();
        var testRows = new List<long>();
        var timings = new List<MigrationTiming>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var target in targets)
        {
            var pair = target.Pair!;
            var alreadyApplied = target.State == MigrationState.Applied;
            var position = $"({(timings.Count + 1).ToString(CultureInfo.InvariantCulture)}/{targets.Count.ToString(CultureInfo.InvariantCulture)})";
            context.Log.Important(alreadyApplied
                ? $"Testing {pair.Id} {position} on {context.EnvironmentName}: it is applied, so roll back → re-apply, and the schema must end where it started."
                : $"Testing {pair.Id} {position} on {context.EnvironmentName}: apply → roll back (schema must match before) → re-apply (schema must match the first apply).");
            var (outcome, testRow) = await ProveAndRecordAsync(context, session, proof, pair, alreadyApplied, alreadyApplied ? null : supabase, cancellationToken).ConfigureAwait(false);
            timings.Add(new MigrationTiming(pair.Id, outcome.Elapsed, outcome.Proven));
            foreach (var diagnostic in outcome.Diagnostics)
            {
                context.Log.Report(diagnostic);
            }

            if (!outcome.Proven)
            {
                // Unlike the Local replay, a real environment does not go on: later migrations were written to run after this one.
                var notTested = targets.SkipWhile(entry => entry != target).Skip(1).Select(entry => entry.Id).ToList();
                context.Log.Important($"TestMigration of {pair.Id} on {context.EnvironmentName} failed at \"{outcome.FailedStep}\"{(RollbackProof.FitsInOneTransaction(pair) ? "; everything it did was rolled back" : string.Empty)}. Tested: {proven.Count}, failed: 1{(notTested.Count == 0 ? "." : $", not tested: {notTested.Count} ({string.Join(", ", notTested)}).")}");
                return new OperationOutcome(false, proven, [], [pair.Id]) { Timings = timings, NotAttempted = notTested };
            }

            proven.Add(pair.Id);
            testRows.Add(testRow!.Value);
            context.Log.Important($"Proved {pair.Id} on {context.EnvironmentName} in {((long)outcome.Elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms: the rollback restores the schema; the migration is applied.");
        }

        context.Log.Important(proven.Count == 0
            ? $"Nothing to test on {context.EnvironmentName}: no migration is pending."
            : TimingSummary.Render($"TestMigration on {context.EnvironmentName}: {proven.Count} proven in {TimingSummary.Duration(clock.Elapsed)}", timings));
        if (applicationTests is not null && proven.Count > 0
            && !await applicationTests.RunAsync(context, session.History, session.Connection, testRows, proven, cancellationToken).ConfigureAwait(false))
        {
            return new OperationOutcome(false, proven, [], []) { Timings = timings };
        }

        return new OperationOutcome(true, proven, [], []) { Timings = timings };
    }

    /// <summary>The proof's outcome and, when it was proven, the id of the <c>test</c> row recording it.</summary>
    private static async Task<(ProofOutcome Outcome, long? TestRow)> ProveAndRecordAsync(OperationContext context, LockedSession session, RollbackProof proof, MigrationPair pair, bool alreadyApplied, Supabase.SupabaseHistoryKeeper? supabase, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var testRow = new HistoryEntry
        {
            Version = pair.Version,
            Name = pair.Name,
            Operation = MigrationOperation.Test,
            Environment = context.EnvironmentName,
            Status = HistoryStatus.Succeeded,
            ForwardChecksum = pair.Forward.Checksum,
            RollbackChecksum = pair.Rollback!.Checksum,
            ForwardSql = pair.Forward.Content!.Text,
            RollbackSql = pair.Rollback.Content!.Text,
            StartedAt = started,
            ClientHost = context.ClientHost,
            ToolVersion = context.ToolVersion,
            Notes = context.Notes,
        };
        var deployRow = testRow with { Operation = MigrationOperation.Deploy, Notes = "applied by TestMigration" };
        var forward = new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text);

        ProofOutcome outcome;
        var transactions = RollbackProof.ChooseTransactions(pair);
        if (transactions == ProofTransactions.One)
        {
            await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            outcome = await proof.RunAsync(session.Connection, transaction, pair, alreadyApplied, cancellationToken).ConfigureAwait(false);
            if (outcome.Proven)
            {
                var finished = Finish(testRow, outcome);
                if (!alreadyApplied)
                {
                    await session.History.AppendAsync(session.Connection, transaction, Finish(deployRow, outcome), cancellationToken).ConfigureAwait(false);
                    outcome = await ListInSupabaseHistoryAsync(context, session, transaction, supabase, forward, deployRow, outcome, cancellationToken).ConfigureAwait(false);
                }

                if (outcome.Proven)
                {
                    var id = await session.History.AppendAsync(session.Connection, transaction, finished, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return (outcome, id);
                }
            }

            if (session.Connection.FullState == System.Data.ConnectionState.Open)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            if (transactions == ProofTransactions.SeparateForEnumValue)
            {
                context.Log.Important($"{pair.Id} is {RollbackProof.SeparateForEnumValueNote}; a failed proof may leave part of it applied.");
            }

            // Its statements cannot be undone: whether the Supabase row may be written is asked before the first one.
            outcome = supabase is not null && !await Supabase.SupabaseHistoryKeeper.MayWriteAsync(session.Connection, MigrationOperation.Deploy, cancellationToken).ConfigureAwait(false)
                ? ProofOutcome.Failure(SupabaseStep, TimeSpan.Zero, Supabase.SupabaseHistoryKeeper.NotWritableBeforeStart(forward, deployRow))
                : await proof.RunAsync(session.Connection, null, pair, alreadyApplied, cancellationToken).ConfigureAwait(false);
            if (outcome.Proven)
            {
                if (!alreadyApplied)
                {
                    Task AppendDeployRow() => session.History.AppendAsync(session.Connection, null, Finish(deployRow, outcome), cancellationToken);
                    await (supabase is null ? AppendDeployRow() : supabase.FinishTogetherAsync(context, session.Connection, forward, deployRow, AppendDeployRow)).ConfigureAwait(false);
                }

                return (outcome, await session.History.AppendAsync(session.Connection, null, Finish(testRow, outcome), cancellationToken).ConfigureAwait(false));
            }
        }

        // On a connection of its own: the proof's connection may be the thing that failed (MIG1021).
        var note = await FailureRecorder.AppendAsync(context, session.History, Finish(testRow, outcome) with
        {
            Status = HistoryStatus.Failed,
            Error = string.Join(Environment.NewLine, outcome.Diagnostics.Select(diagnostic => diagnostic.ToString())),
        }).ConfigureAwait(false);
        if (session.Connection.FullState != System.Data.ConnectionState.Open)
        {
            context.Log.Important(note);
        }

        return (outcome, null);
    }

    /// <summary>The step a proof fails at when its Supabase history row is refused (MIG1063).</summary>
    private const string SupabaseStep = "list it in supabase_migrations.schema_migrations";

    /// <summary>
    /// Sends the Supabase history's row of a migration TestMigration leaves applied in the proof's transaction, beside its
    /// deploy row; a refusal fails the proof (MIG1063), and the caller rolls everything back.
    /// </summary>
    private static async Task<ProofOutcome> ListInSupabaseHistoryAsync(OperationContext context, LockedSession session, Npgsql.NpgsqlTransaction transaction, Supabase.SupabaseHistoryKeeper? supabase, MigrationScript forward, HistoryEntry deployRow, ProofOutcome outcome, CancellationToken cancellationToken)
    {
        if (supabase is null)
        {
            return outcome;
        }

        await using var batch = new Npgsql.NpgsqlBatch(session.Connection, transaction) { BatchCommands = { supabase.CommandFor(deployRow, forward) } };
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (Npgsql.PostgresException exception)
        {
            return ProofOutcome.Failure(SupabaseStep, outcome.Elapsed, Supabase.SupabaseHistoryKeeper.Refused(context, forward, deployRow, exception));
        }
    }

    private static HistoryEntry Finish(HistoryEntry row, ProofOutcome outcome) => row with
    {
        FinishedAt = DateTimeOffset.UtcNow,
        ExecutionMilliseconds = (long)outcome.Elapsed.TotalMilliseconds,
    };
}
