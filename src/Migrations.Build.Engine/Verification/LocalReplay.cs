using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// TestMigration on <c>Local</c>: a throwaway database (MIGRATIONS_LOCAL_URL, else Docker, else local PostgreSQL
/// binaries), bootstrapped, on which the whole chain is replayed — every migration before the named one applied,
/// and each tested one proven (apply → roll back → re-apply, schemas compared). The database is dropped afterwards,
/// on failure and cancellation too; nothing is recorded anywhere, because nothing of it survives.
/// </summary>
internal static class LocalReplay
{
    public static async Task<OperationOutcome> RunAsync(
        ThrowawayServerOptions serverOptions,
        LocalBootstrap bootstrap,
        IReadOnlyList<MigrationPair> pairs,
        string? selector,
        ExecutionSettings execution,
        RefutationOptions refutation,
        IOperationLog log,
        CancellationToken cancellationToken)
    {
        var plan = Plan(pairs, selector, log);
        if (plan is null)
        {
            return new OperationOutcome(false, [], [], []);
        }

        var start = await ThrowawayServer.StartAsync(serverOptions with { Log = log.Info }, cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            log.Report(start.Unavailable.ToDiagnostic());
            return new OperationOutcome(false, [], [], []);
        }

        await using var server = start.Server!;
        log.Important($"Environment: Local — a throwaway database on {server.Description}" + (bootstrap.IsEmpty ? string.Empty : $", bootstrapped with {bootstrap.Description}"));
        await using var database = await server.CreateDatabaseAsync("migrations_test", bootstrap, cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var proof = new RollbackProof(execution, SnapshotOptions.Default, refutation);
        var proven = new List<string>();
        foreach (var (pair, prove) in plan)
        {
            if (!prove)
            {
                var applied = await ApplyAsync(connection, pair, execution, cancellationToken).ConfigureAwait(false);
                if (!applied.Succeeded)
                {
                    log.Report(applied.FailureDiagnostic());
                    log.Important($"Could not apply {pair.Id}, which comes before the migration under test; fix it first.");
                    return new OperationOutcome(false, proven, [], [pair.Id]);
                }

                log.Info($"Applied {pair.Id} (precedes the migration under test).");
                continue;
            }

            var transactions = RollbackProof.ChooseTransactions(pair);
            ProofOutcome outcome;
            if (transactions == ProofTransactions.One)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                outcome = await proof.RunAsync(connection, transaction, pair, alreadyApplied: false, cancellationToken).ConfigureAwait(false);
                if (outcome.Proven)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                if (transactions == ProofTransactions.SeparateForEnumValue)
                {
                    log.Important($"{pair.Id} is {RollbackProof.SeparateForEnumValueNote}.");
                }

                outcome = await proof.RunAsync(connection, null, pair, alreadyApplied: false, cancellationToken).ConfigureAwait(false);
            }

            foreach (var diagnostic in outcome.Diagnostics)
            {
                log.Report(diagnostic);
            }

            if (!outcome.Proven)
            {
                log.Important($"TestMigration of {pair.Id} on Local failed at \"{outcome.FailedStep}\". Proven before it: {proven.Count}.");
                return new OperationOutcome(false, proven, [], [pair.Id]);
            }

            proven.Add(pair.Id);
            log.Important($"Proved {pair.Id} on Local in {((long)outcome.Elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms: the rollback restores the schema.");
        }

        log.Important($"TestMigration on Local: {proven.Count} proven ({string.Join(", ", proven)}); the throwaway database is dropped.");
        return new OperationOutcome(true, proven, [], []);
    }

    /// <summary>Every migration up to the named one, in order, marking which are proven (all of them without a name).</summary>
    private static List<(MigrationPair Pair, bool Prove)>? Plan(IReadOnlyList<MigrationPair> pairs, string? selector, IOperationLog log)
    {
        var ordered = pairs.OrderBy(pair => pair.Version, StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(selector))
        {
            var irreversible = ordered.FirstOrDefault(pair => pair.IsIrreversible);
            if (irreversible is not null)
            {
                log.Important($"{irreversible.Id} is marked -- migrations:irreversible: it is applied but not proven, and the replay goes on.");
            }

            return ordered.Select(pair => (pair, !pair.IsIrreversible)).ToList();
        }

        var ledger = MigrationLedger.Build(ordered, []);
        var chosen = MigrationSelector.Find(ledger, selector)?.Pair;
        if (chosen is null)
        {
            log.Report(new Diagnostic(DiagnosticCatalog.UnknownMigration, SourceLocation.None, $"No migration on disk matches Migration='{selector}' ({MigrationSelector.DescribeChoices(ledger)})."));
            return null;
        }

        if (chosen.IsIrreversible)
        {
            log.Report(new Diagnostic(
                DiagnosticCatalog.IrreversibleMigration,
                SourceLocation.StartOf(chosen.Rollback?.Path ?? chosen.Forward.Path),
                $"Migration {chosen.Id} is marked -- migrations:irreversible, so there is no rollback for TestMigration to prove."));
            return null;
        }

        return ordered.TakeWhile(pair => pair.Id != chosen.Id).Select(pair => (pair, false)).Append((chosen, true)).ToList();
    }

    private static async Task<ExecutionOutcome> ApplyAsync(NpgsqlConnection connection, MigrationPair pair, ExecutionSettings execution, CancellationToken cancellationToken)
    {
        var script = new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text);
        return script.RunsOutsideTransaction
            ? await MigrationExecutor.RunStatementByStatementAsync(connection, script, execution, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false)
            : await MigrationExecutor.RunInTransactionAsync(connection, script, execution, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
    }
}
