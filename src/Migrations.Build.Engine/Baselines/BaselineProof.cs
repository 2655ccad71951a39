using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// The proof a baseline rests on: the live schema equals what the chosen migrations' forward files build on a fresh
/// throwaway database. Replays the files in order, snapshots the replay and the live database (history schema left
/// out) and returns how the live one differs.
/// </summary>
internal static class BaselineProof
{
    /// <returns>The differences (empty when the proof holds), or null after reporting why the proof could not run.</returns>
    public static async Task<IReadOnlyList<SchemaDifference>?> CompareAsync(
        IReadOnlyList<MigrationPair> chain,
        OperationContext live,
        BaselineProofSettings settings,
        CancellationToken cancellationToken)
    {
        var log = live.Log;
        var snapshotOptions = SnapshotOptions.ForHistory(live.History);
        SchemaSnapshot liveSchema;
        PostgresRelease liveRelease;
        await using (var connection = await OperationConnection.OpenAsync(live, "baseline proof", cancellationToken).ConfigureAwait(false))
        {
            // Supported servers are 13+, whose major version alone names the release.
            liveRelease = PostgresRelease.FromServerVersionNumber(connection.PostgreSqlVersion.Major * 10000);
            liveSchema = await SchemaSnapshotReader.ReadAsync(connection, snapshotOptions, cancellationToken).ConfigureAwait(false);
        }

        var serverOptions = settings.Server with { Target = new TargetServer(live.EnvironmentName, liveRelease), Log = log.Info };
        var start = await ThrowawayServer.StartAsync(serverOptions, cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            log.Report(start.Unavailable.ToDiagnostic());
            return null;
        }

        await using var server = start.Server!;
        log.Important($"Replaying {chain.Count} migration(s) {settings.ReplayLabel} on a throwaway database on {server.Description}"
            + (settings.Bootstrap.IsEmpty ? string.Empty : $", bootstrapped with {settings.Bootstrap.Description}") + ".");
        if (ServerVersionMismatch.Check(server, serverOptions) is { } mismatch)
        {
            log.Report(mismatch);
        }

        await using var database = await server.CreateDatabaseAsync("migrations_baseline", settings.Bootstrap, cancellationToken).ConfigureAwait(false);
        await using var replay = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pair in chain)
        {
            var script = new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text);
            var outcome = script.RunsOutsideTransaction
                ? await MigrationExecutor.RunStatementByStatementAsync(replay, script, settings.Execution, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false)
                : await MigrationExecutor.RunInTransactionAsync(replay, script, settings.Execution, (_, _) => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                log.Report(outcome.FailureDiagnostic());
                log.Report(new Diagnostic(DiagnosticCatalog.BaselineProofFailed, SourceLocation.StartOf(pair.Forward.Path), $"The baseline cannot be proven: {pair.Id} fails on a fresh throwaway database (above), so the schema its migrations build is unknown. If it relies on roles, schemas or extensions the platform provides, put them in MigrationsLocalBootstrap; otherwise fix the migration."));
                return null;
            }
        }

        var replayed = await SchemaSnapshotReader.ReadAsync(replay, snapshotOptions, cancellationToken).ConfigureAwait(false);
        return SchemaDiff.Compare(replayed, liveSchema, settings.ReplayLabel, "on " + live.EnvironmentName);
    }
}
