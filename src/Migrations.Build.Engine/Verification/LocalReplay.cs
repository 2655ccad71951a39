using System.Globalization;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// TestMigration on <c>Local</c>: a throwaway database (MIGRATIONS_LOCAL_URL, else Docker, else local PostgreSQL
/// binaries), bootstrapped, on which the whole chain is replayed and every migration judged — like a compiler, a
/// refuted or failing migration does not hide the ones after it: the replay goes on from the schema the forward
/// chain produces and ends with a summary naming every migration that is not proven. Nothing is recorded anywhere,
/// because nothing of it survives: the database is dropped afterwards, on failure and cancellation too.
/// </summary>
internal static class LocalReplay
{
    /// <returns>How every migration was judged, or null when nothing ran (the reason is already reported).</returns>
    public static async Task<ReplaySummary?> RunAsync(
        ThrowawayServerOptions serverOptions,
        LocalBootstrap bootstrap,
        IReadOnlyList<MigrationPair> pairs,
        ReplaySettings settings,
        IOperationLog log,
        CancellationToken cancellationToken)
    {
        var plan = ReplayPlan.Build(pairs, settings.Selector, log);
        if (plan is null)
        {
            return null;
        }

        var start = await ThrowawayServer.StartAsync(serverOptions with { Log = log.Info }, cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            log.Report(start.Unavailable.ToDiagnostic());
            return null;
        }

        await using var server = start.Server!;
        log.Important($"Environment: Local — a throwaway database on {server.Description}" + (bootstrap.IsEmpty ? string.Empty : $", bootstrapped with {bootstrap.Description}"));
        if (ServerVersionMismatch.Check(server, serverOptions) is { } mismatch)
        {
            log.Report(mismatch);
        }

        await using var replay = await ReplayDatabase.CreateAsync(server, bootstrap, settings.Execution, cancellationToken).ConfigureAwait(false);
        var judge = new Judge(replay, new RollbackProof(settings.Execution, SnapshotOptions.Default, settings.Refutation), settings, log, message => PasswordRedaction.Redact(message, serverOptions.ReadVariable(serverOptions.UrlVariable)));
        var summary = await judge.RunAsync(plan, cancellationToken).ConfigureAwait(false);
        if (summary.ProvenLine() is { } provenLine)
        {
            log.Info(provenLine);
        }

        log.Important(summary.Render());
        return summary;
    }

    /// <summary>Walks the plan on one replay database, judging each migration and keeping the chain going after a failure.</summary>
    private sealed class Judge(ReplayDatabase replay, RollbackProof proof, ReplaySettings settings, IOperationLog log, Func<string, string> redact)
    {
        private readonly ReplaySummary summary = new();

        // Set once nothing after the current migration can be judged; every later one is then "not reached".
        private bool ended;

        // The schema the last proof left, while nothing else has run since; the next proof starts from it.
        private SchemaSnapshot? current;

        public async Task<ReplaySummary> RunAsync(IReadOnlyList<ReplayStep> plan, CancellationToken cancellationToken)
        {
            var toProve = plan.Count(step => step.Role == ReplayRole.Prove);
            var proving = 0;
            foreach (var step in plan)
            {
                if (ended)
                {
                    summary.AddNotReached(step.Pair.Id);
                }
                else if (step.Role == ReplayRole.Prove)
                {
                    // Said before the proof starts, so a long one is never a silent log.
                    proving++;
                    log.Important($"Testing {step.Pair.Id} ({proving.ToString(CultureInfo.InvariantCulture)}/{toProve.ToString(CultureInfo.InvariantCulture)}) on Local…");
                    await ProveAsync(step.Pair, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ApplyAsync(step, cancellationToken).ConfigureAwait(false);
                }
            }

            return summary;
        }

        private async Task ApplyAsync(ReplayStep step, CancellationToken cancellationToken)
        {
            var pair = step.Pair;
            current = null;
            var applied = await replay.ApplyAsync(pair, cancellationToken).ConfigureAwait(false);
            if (!applied.Succeeded)
            {
                log.Report(applied.FailureDiagnostic());
                summary.AddFailed(pair.Id, RollbackProof.ApplyStep);
                End($"{pair.Id} cannot be applied, and every later migration builds on it: the replay ends here; fix it first.");
                return;
            }

            replay.MarkApplied(pair);
            if (step.Role == ReplayRole.Irreversible)
            {
                summary.AddIrreversible(pair.Id);
                log.Important($"{pair.Id} is marked -- migrations:irreversible: it is applied but not proven, and the replay goes on.");
            }
            else
            {
                summary.AddAppliedOnly(pair.Id);
                log.Info($"Applied {pair.Id} (precedes the migration under test).");
            }
        }

        private async Task ProveAsync(MigrationPair pair, CancellationToken cancellationToken)
        {
            var transactions = RollbackProof.ChooseTransactions(pair);
            var outcome = await RunProofAsync(pair, transactions, cancellationToken).ConfigureAwait(false);
            current = outcome.End;
            foreach (var diagnostic in outcome.Diagnostics)
            {
                log.Report(diagnostic);
            }

            if (outcome.Proven)
            {
                summary.AddProven(pair.Id);
                replay.MarkApplied(pair);
                log.Important($"Proved {pair.Id} on Local in {((long)outcome.Elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms: the rollback restores the schema.");
                return;
            }

            if (outcome.Refuted)
            {
                summary.AddRefuted(pair.Id);
            }
            else
            {
                summary.AddFailed(pair.Id, outcome.FailedStep!);
            }

            var failure = $"TestMigration of {pair.Id} on Local {(outcome.Refuted ? "refuted it" : "failed")} at \"{outcome.FailedStep}\"";
            if (settings.StopOnFirstFailure)
            {
                End($"{failure}; stopping here because {StopOnFirstFailureProperty}=true.");
            }
            else if (outcome.ForwardFailed)
            {
                End($"{failure}: its forward cannot be applied, and every later migration builds on it, so the replay ends here; fix it first.");
            }
            else if (await ResumeAfterAsync(pair, transactions == ProofTransactions.One, cancellationToken).ConfigureAwait(false))
            {
                log.Important($"{failure}; the replay goes on from the schema its forward produces.");
            }
        }

        private async Task<ProofOutcome> RunProofAsync(MigrationPair pair, ProofTransactions transactions, CancellationToken cancellationToken)
        {
            if (transactions == ProofTransactions.One)
            {
                // A failed proof rolls back with the transaction, leaving the database as the previous migration left it.
                await using var transaction = await replay.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var outcome = await proof.RunAsync(replay.Connection, transaction, pair, alreadyApplied: false, cancellationToken, current).ConfigureAwait(false);
                if (outcome.Proven)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return outcome;
            }

            if (transactions == ProofTransactions.SeparateForEnumValue)
            {
                log.Important($"{pair.Id} is {RollbackProof.SeparateForEnumValueNote}.");
            }

            return await proof.RunAsync(replay.Connection, null, pair, alreadyApplied: false, cancellationToken, current).ConfigureAwait(false);
        }

        /// <summary>
        /// Brings the database to the schema the chain has after <paramref name="pair"/>'s forward, so the migrations
        /// after it are judged as they will run: by applying the forward again when the failed proof left nothing behind
        /// (one transaction, rolled back), otherwise by rebuilding the database from every forward so far.
        /// </summary>
        private async Task<bool> ResumeAfterAsync(MigrationPair pair, bool rolledBackWhole, CancellationToken cancellationToken)
        {
            if (rolledBackWhole && replay.IsOpen)
            {
                var applied = await replay.ApplyAsync(pair, cancellationToken).ConfigureAwait(false);
                if (applied.Succeeded)
                {
                    replay.MarkApplied(pair);
                    return true;
                }

                log.Report(applied.FailureDiagnostic());
                End($"{pair.Id} failed, and applying its forward again to go on failed too: the replay ends here.");
                return false;
            }

            replay.MarkApplied(pair);
            log.Info($"Rebuilding the throwaway database from the forwards so far, because the failed proof of {pair.Id} may have left part of it applied…");
            try
            {
                var broken = await replay.RebuildAsync(cancellationToken).ConfigureAwait(false);
                if (broken is null)
                {
                    return true;
                }

                log.Report(broken.Value.Outcome.FailureDiagnostic());
                End($"Rebuilding the throwaway database after {pair.Id} failed: {broken.Value.Pair.Id} did not apply again, so the replay ends here.");
                return false;
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                End($"Could not rebuild the throwaway database after {pair.Id} failed ({redact(exception.Message)}), so the replay ends here.");
                return false;
            }
        }

        private void End(string why)
        {
            ended = true;
            log.Important(why);
        }
    }
}
