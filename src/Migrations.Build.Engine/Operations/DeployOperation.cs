using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Supabase;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// DeployMigration against one database: under the migration lock, plan from history, then apply each migration
/// in version order, each in its own transaction together with its history row. Stops at the first failure, which
/// is recorded on a separate connection (the failed transaction took its own row with it).
/// </summary>
internal static class DeployOperation
{
    /// <summary>What the deploy's connection says it is for (its application_name).</summary>
    public const string ConnectionPurpose = "deploy";

    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string? selector, bool allowOutOfOrder, CancellationToken cancellationToken) =>
        await RunAsync(context, pairs, selector, allowOutOfOrder, evidence: null, cancellationToken).ConfigureAwait(false);

    /// <summary>Deploys, first checking every migration to apply against <paramref name="evidence"/> when one is required.</summary>
    public static async Task<OperationOutcome> RunAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, string? selector, bool allowOutOfOrder, EvidenceRequirement? evidence, CancellationToken cancellationToken)
    {
        await using var session = await LockedSession.OpenAsync(context, ConnectionPurpose, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        foreach (var invalid in await InvalidIndexes.FindAsync(session.Connection, context.EnvironmentName, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Report(invalid);
        }

        var ledger = MigrationLedger.Build(pairs, await session.History.ReadAllWithoutScriptsAsync(session.Connection, cancellationToken).ConfigureAwait(false));
        var plan = DeployPlanner.Plan(ledger, context.EnvironmentName, selector, allowOutOfOrder);
        foreach (var diagnostic in plan.Diagnostics)
        {
            context.Log.Report(diagnostic);
        }

        if (plan.IsRefused)
        {
            context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
            return new OperationOutcome(false, [], [], []);
        }

        // Validation may have left files unread for their unchanged stamps; what is applied is read now, before anything runs.
        if (ReadFilesToApply(context, plan, out var unreadable) is not { } readPlan)
        {
            await RecordChangedFileRefusalAsync(context, session, unreadable).ConfigureAwait(false);
            context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
            return new OperationOutcome(false, [], [], []);
        }

        plan = readPlan;

        if (evidence is not null && !CheckEvidence(context, plan, evidence, out context, out var unproven))
        {
            await RecordEvidenceRefusalAsync(context, session, unproven, evidence.Evidence.Environment).ConfigureAwait(false);
            context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
            return new OperationOutcome(false, [], [], []);
        }

        var guarded = await DataLossGuard.EnforceAsync(context, session, plan.ToApply.Select(entry => (Script(entry.Pair!), NewRow(context, entry.Pair!, DateTimeOffset.UtcNow))), cancellationToken).ConfigureAwait(false);
        if (guarded is null)
        {
            context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
            return new OperationOutcome(false, [], [], []);
        }

        context = guarded;
        var skipped = new List<string>();
        if (!string.IsNullOrWhiteSpace(selector) && plan.ToApply.Count == 0)
        {
            var chosen = MigrationSelector.Find(ledger, selector)!;
            context.Log.Important($"Migration {chosen.Id} is already applied on {context.EnvironmentName}; nothing to do.");
            skipped.Add(chosen.Id);
        }
        else if (plan.ToApply.Count == 0)
        {
            context.Log.Important($"{context.EnvironmentName} is up to date: all {plan.AlreadyApplied.Count} migration(s) are applied.");
        }

        // MigrationsSupabaseHistory=true: the Supabase history is read (and created, as the CLI does, when missing) under
        // the lock once there is something to apply, and a migration it already lists is never run a second time.
        // False: it is only read, once there is something to apply, so what the CLI applied is never run again either.
        SupabaseHistoryKeeper? supabase = null;
        if (context.KeepSupabaseHistory && plan.ToApply.Count > 0)
        {
            var (usable, keeper) = await SupabaseHistoryKeeper.PrepareAsync(context, session.Connection, deploying: true, cancellationToken).ConfigureAwait(false);
            if (!usable || await RefuseAppliedBySupabaseAsync(context, session, plan, keeper!).ConfigureAwait(false))
            {
                context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
                return new OperationOutcome(false, [], [], []);
            }

            supabase = keeper;
        }
        else if (plan.ToApply.Count > 0
            && await SupabaseHistoryKeeper.ReadOnlyAsync(context, session.Connection, cancellationToken).ConfigureAwait(false) is { } pushed
            && await RefuseAppliedBySupabaseAsync(context, session, plan, pushed).ConfigureAwait(false))
        {
            context.Log.Important($"Deploy to {context.EnvironmentName} refused; nothing was applied.");
            return new OperationOutcome(false, [], [], []);
        }

        if (plan.ToApply.Count > 0)
        {
            // Backup="true": a checked backup before the first statement, or no change at all.
            var backedUp = await Backups.BackupBeforeChange.RunAsync(context, session, NewRow(context, plan.ToApply[0].Pair!, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            if (backedUp is null)
            {
                return new OperationOutcome(false, [], [], []);
            }

            context = Runbooks.DeployRunbook.Prepare(backedUp, plan.ToApply[0].Version);
        }

        var done = new List<string>();
        var timings = new List<MigrationTiming>();
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < plan.ToApply.Count; index++)
        {
            var entry = plan.ToApply[index];
            var pair = entry.Pair!;
            // Said before the migration starts, so a long one is never a silent log.
            context.Log.Important($"Applying {entry.Id} ({(index + 1).ToString(CultureInfo.InvariantCulture)}/{plan.ToApply.Count.ToString(CultureInfo.InvariantCulture)}) to {context.EnvironmentName}…");
            var outcome = await ApplyAsync(context, session, pair, supabase, cancellationToken).ConfigureAwait(false);
            timings.Add(new MigrationTiming(entry.Id, outcome.Elapsed, outcome.Succeeded));
            if (!outcome.Succeeded)
            {
                context.Log.Report(outcome.FailureDiagnostic());
                var remaining = plan.ToApply.Skip(index + 1).Select(item => item.Id).ToList();
                SummariseFailure(context, timings, clock.Elapsed, remaining);
                var failedRunbook = await WriteRunbookAsync(context, session, plan, done, entry.Id, cancellationToken).ConfigureAwait(false);
                return new OperationOutcome(false, done, skipped, [entry.Id])
                {
                    Timings = timings,
                    NotAttempted = remaining,
                    BackupPath = context.BackupPath,
                    Runbook = failedRunbook is null ? null : context.Runbook! with { Path = failedRunbook },
                };
            }

            done.Add(entry.Id);
            var milliseconds = (long)outcome.Elapsed.TotalMilliseconds;
            context.Log.Important($"Applied {entry.Id} to {context.EnvironmentName} in {milliseconds.ToString(CultureInfo.InvariantCulture)} ms ({outcome.StatementsTotal} statement(s)){(supabase is null ? string.Empty : $"; {SupabaseHistoryTable.DisplayName} lists it")}.");
        }

        if (timings.Count > 0)
        {
            context.Log.Important(TimingSummary.Render($"Applied {TimingSummary.Count(timings.Count)} to {context.EnvironmentName} in {TimingSummary.Duration(clock.Elapsed)}", timings));
        }

        var runbook = await WriteRunbookAsync(context, session, plan, done, null, cancellationToken).ConfigureAwait(false);
        return new OperationOutcome(true, done, skipped, []) { Runbook = runbook is null ? context.Runbook : context.Runbook! with { Path = runbook }, Timings = timings, BackupPath = context.BackupPath };
    }

    /// <summary>
    /// MIG1004: every migration about to be applied needs a passed test on the RequireTestedOn environment with the
    /// same forward and rollback checksums. Skipping the check is a loud warning, and the skip is written into the
    /// history rows of this deploy.
    /// </summary>
    private static bool CheckEvidence(OperationContext context, DeployPlan plan, EvidenceRequirement requirement, out OperationContext effective, out IReadOnlyList<MigrationPair> unproven)
    {
        effective = context;
        var untested = plan.ToApply
            .Select(entry => (Entry: entry, Verdict: requirement.Evidence.Judge(entry.Version, entry.Pair!.Forward.Checksum, entry.Pair.Rollback?.Checksum, requirement.RequireApplicationTests, out var exitCode), ExitCode: exitCode))
            .Where(judged => judged.Verdict != EvidenceVerdict.Proven)
            .ToList();
        unproven = untested.Select(judged => judged.Entry.Pair!).ToList();
        if (untested.Count == 0)
        {
            return true;
        }

        var source = requirement.Evidence.Environment;
        foreach (var (entry, verdict, exitCode) in untested)
        {
            var location = Diagnostics.SourceLocation.StartOf(entry.Pair!.Forward.Path);
            var command = requirement.TestCommand ?? PublicSurface.Command(null, MigrationOperation.Test, (PublicSurface.EnvironmentProperty, source), (PublicSurface.MigrationProperty, entry.Id));
            var why = verdict switch
            {
                EvidenceVerdict.ApplicationTestsFailed => $"was tested on {source}, but its application tests failed there (exit code {exitCode?.ToString(CultureInfo.InvariantCulture)})",
                EvidenceVerdict.NoApplicationTests => $"was tested on {source}, but no application-test run is recorded with that test ({PublicSurface.StagingTestCommandProperty} was not set when it was tested)",
                _ => $"has no passed TestMigration on {source} for its current files",
            };
            var fix = verdict == EvidenceVerdict.Untested
                ? $"Run: {command} — then deploy again. (A migration edited after its test counts as untested.)"
                : $"Run: {(requirement.TestCommand is null ? command : command + " " + PublicSurface.PropertySwitch(PublicSurface.MigrationProperty, entry.Id))} with {PublicSurface.StagingTestCommandProperty} set and its tests passing (an applied migration is re-tested by name) — then deploy again.";
            var message = requirement.Skip
                ? $"Migration {entry.Id} {why}; deploying it to {context.EnvironmentName} anyway because {PublicSurface.SkipStagingCheckProperty}=true. This is recorded in {context.EnvironmentName}'s history."
                : $"Migration {entry.Id} {why} (forward {entry.Pair.Forward.Checksum}, rollback {entry.Pair.Rollback?.Checksum}); {context.EnvironmentName} only takes migrations proven there. {fix}";
            context.Log.Report(new Diagnostics.Diagnostic(
                Diagnostics.DiagnosticCatalog.NotTestedOnStaging,
                location,
                message,
                requirement.Skip ? Diagnostics.DiagnosticSeverity.Warning : Diagnostics.DiagnosticSeverity.Error));
        }

        if (!requirement.Skip)
        {
            return false;
        }

        var note = $"staging check skipped ({PublicSurface.SkipStagingCheckProperty}=true): untested on {source}: {string.Join(", ", untested.Select(judged => judged.Entry.Id))}";
        effective = context with { Notes = string.IsNullOrEmpty(context.Notes) ? note : context.Notes + "; " + note };
        context.Log.Important($"WARNING: {note}.");
        return true;
    }

    /// <summary>
    /// A deploy refused for want of test evidence is recorded like the data-loss guard's refusals: one failed row per
    /// unproven migration, so the environment's history shows who tried to deploy what, untested, and when.
    /// </summary>
    private static async Task RecordEvidenceRefusalAsync(OperationContext context, LockedSession session, IReadOnlyList<MigrationPair> unproven, string source)
    {
        foreach (var pair in unproven)
        {
            var recorded = await FailureRecorder.AppendAsync(context, session.History, NewRow(context, pair, DateTimeOffset.UtcNow) with
            {
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = 0,
                StatementsTotal = Script(pair).StatementCount,
                Error = $"refused: not proven on {source} (MIG1004), nothing ran",
            }).ConfigureAwait(false);
            context.Log.Info($"{pair.Id}: {recorded}");
        }
    }

    /// <summary>
    /// The plan with every file it applies read from disk (<see cref="MigrationDiscovery.ReadToApply"/>), or null after
    /// reporting a file that cannot be read or is no longer the content validated: then nothing is applied at all.
    /// </summary>
    private static DeployPlan? ReadFilesToApply(OperationContext context, DeployPlan plan, out List<(MigrationPair Pair, string Codes)> unreadable)
    {
        var problems = new List<Diagnostics.Diagnostic>();
        var failedPairs = new List<(MigrationPair Pair, string Codes)>();
        var toApply = new List<LedgerEntry>(plan.ToApply.Count);
        foreach (var entry in plan.ToApply)
        {
            if (entry.Pair is not { } pair)
            {
                toApply.Add(entry);
                continue;
            }

            var before = problems.Count;
            var read = pair with
            {
                Forward = MigrationDiscovery.ReadToApply(pair.Forward, problems),
                Rollback = pair.Rollback is null ? null : MigrationDiscovery.ReadToApply(pair.Rollback, problems),
            };
            if (problems.Count > before)
            {
                failedPairs.Add((pair, string.Join(", ", problems.Skip(before).Select(problem => problem.Code).Distinct())));
            }

            toApply.Add(entry with { Pair = read });
        }

        foreach (var problem in problems)
        {
            context.Log.Report(problem);
        }

        unreadable = failedPairs;
        return problems.Count == 0 ? plan with { ToApply = toApply } : null;
    }

    /// <summary>
    /// A deploy refused because a file it was about to apply is not the one it validated (or cannot be read) is
    /// recorded like the other refusals: one failed row per such migration, with the checksums validated in this run,
    /// so the history shows that someone deployed while the file was being changed.
    /// </summary>
    private static async Task RecordChangedFileRefusalAsync(OperationContext context, LockedSession session, List<(MigrationPair Pair, string Codes)> unreadable)
    {
        foreach (var (pair, codes) in unreadable)
        {
            var recorded = await FailureRecorder.AppendAsync(context, session.History, NewRow(context, pair, DateTimeOffset.UtcNow) with
            {
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = 0,
                Error = $"refused: its file is not the one this deploy validated ({codes}), nothing ran",
            }).ConfigureAwait(false);
            context.Log.Info($"{pair.Id}: {recorded}");
        }
    }

    private static Task<string?> WriteRunbookAsync(OperationContext context, LockedSession session, DeployPlan plan, List<string> done, string? failed, CancellationToken cancellationToken) =>
        Runbooks.DeployRunbook.WriteAsync(context, session.Connection, plan.ToApply.Select(entry => entry.Pair!).ToList(), done, failed, cancellationToken);

    private static Task<ExecutionOutcome> ApplyAsync(OperationContext context, LockedSession session, MigrationPair pair, SupabaseHistoryKeeper? supabase, CancellationToken cancellationToken) =>
        RecordedExecution.RunAsync(context, session, Script(pair), NewRow(context, pair, DateTimeOffset.UtcNow), supabase, cancellationToken);

    /// <summary>
    /// MIG1062: a migration this deploy would apply that <c>supabase db push</c> already applied (the Supabase history
    /// lists it, ours does not) would run a second time. Refused whole, and recorded like the other refusals.
    /// </summary>
    private static async Task<bool> RefuseAppliedBySupabaseAsync(OperationContext context, LockedSession session, DeployPlan plan, SupabaseHistoryKeeper supabase)
    {
        var listed = plan.ToApply.Where(entry => supabase.History.Lists(entry.Version)).ToList();
        foreach (var diagnostic in supabase.ListedAlready(listed, context.EnvironmentName))
        {
            context.Log.Report(diagnostic);
        }

        foreach (var entry in listed)
        {
            var recorded = await FailureRecorder.AppendAsync(context, session.History, NewRow(context, entry.Pair!, DateTimeOffset.UtcNow) with
            {
                FinishedAt = DateTimeOffset.UtcNow,
                ExecutionMilliseconds = 0,
                StatementsTotal = Script(entry.Pair!).StatementCount,
                Error = $"refused: {SupabaseHistoryTable.DisplayName} already lists it (MIG1062), nothing ran",
            }).ConfigureAwait(false);
            context.Log.Info($"{entry.Id}: {recorded}");
        }

        return listed.Count > 0;
    }

    private static MigrationScript Script(MigrationPair pair) => new(pair.Forward.Path, pair.Forward.Content!.Text);

    private static HistoryEntry NewRow(OperationContext context, MigrationPair pair, DateTimeOffset started) =>
        PairRow.For(pair, context, MigrationOperation.Deploy, HistoryStatus.Failed, started) with { Notes = context.Notes, BackupPath = context.BackupPath };

    /// <summary>
    /// The closing line of a deploy that stopped at a failed migration: which one, what was not attempted after it,
    /// and the times of those applied before it (they stay applied: each committed on its own).
    /// </summary>
    private static void SummariseFailure(OperationContext context, List<MigrationTiming> timings, TimeSpan total, List<string> notAttempted)
    {
        var failed = timings[^1];
        var applied = timings.Take(timings.Count - 1).ToList();
        var notAttemptedText = notAttempted.Count == 0
            ? string.Empty
            : $"; {notAttempted.Count.ToString(CultureInfo.InvariantCulture)} not attempted ({string.Join(", ", notAttempted.Take(TimingSummary.Listed))}{(notAttempted.Count > TimingSummary.Listed ? $", … and {(notAttempted.Count - TimingSummary.Listed).ToString(CultureInfo.InvariantCulture)} more" : string.Empty)})";
        var headline = $"Deploy to {context.EnvironmentName} failed after {TimingSummary.Duration(total)}: {failed.Migration} failed after {TimingSummary.Duration(failed.Elapsed)}{notAttemptedText}; ";
        context.Log.Important(applied.Count == 0
            ? headline + "nothing was applied."
            : TimingSummary.Render(headline + $"{TimingSummary.Count(applied.Count)} applied before it", applied));
    }
}
