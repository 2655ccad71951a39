using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// "Replay these texts, snapshot both, diff": runs the given forwards, in order, on a fresh throwaway Local database,
/// snapshots it and the live database the same way (system, history and excluded schemas left out), and says how
/// the live schema differs from the replayed one. Serves the drift check (the texts recorded in history) and a
/// baseline (the files on disk) alike; it knows nothing of either.
/// </summary>
/// <remarks>
/// The live database is only read — catalog reads in a read-only session (<see cref="ReadOnlySession"/>), before the
/// throwaway server is even started, so it is held for as short a time as possible. Each migration is replayed as the
/// role that ran it live (<see cref="ReplayedMigration.RanAs"/>, else the live session's user), so owners, grantors and
/// default privileges compare equal on an untouched database; every role the live server has is made to exist on the
/// throwaway one first (<see cref="ReplayRoles"/>).
/// </remarks>
internal static class LiveSchemaComparison
{
    /// <returns>
    /// The differences, or null after reporting why there are none to give: no throwaway server, a bootstrap that fails
    /// (MIG1019), a migration that cannot be replayed (MIG1041), the throwaway server failing (MIG1001). Failures of the
    /// live database are thrown as they come, for the caller to report as for any operation on it.
    /// </returns>
    public static async Task<LiveSchemaComparisonResult?> CompareAsync(
        IReadOnlyList<ReplayedMigration> migrations,
        OperationContext live,
        LiveSchemaComparisonSettings settings,
        IOperationLog log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);

        var snapshotOptions = ExcludingHistory(settings.Snapshot, live.History);
        var liveSchema = await LiveSchema.ReadAsync(live, snapshotOptions, cancellationToken).ConfigureAwait(false);
        log.Info($"Read the schema of {live.EnvironmentName} (PostgreSQL {liveSchema.Release}, {liveSchema.Snapshot.Count} catalog objects) as {liveSchema.SessionUser}, read-only.");

        var serverOptions = settings.Server with { Target = new TargetServer(live.EnvironmentName, liveSchema.Release), Log = log.Info };
        var start = await ThrowawayServer.StartAsync(serverOptions, cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            log.Report(start.Unavailable.ToDiagnostic());
            return null;
        }

        await using var server = start.Server!;
        log.Important($"Replaying {migrations.Count} migration(s) {settings.ReplayLabel} on a throwaway database on {server.Description}"
            + (settings.Bootstrap.IsEmpty ? string.Empty : $", bootstrapped with {settings.Bootstrap.Description}") + ".");
        if (ServerVersionMismatch.Check(server, serverOptions) is { } mismatch)
        {
            log.Report(mismatch);
        }

        try
        {
            var (replayed, createdRoles) = await ReplayAsync(server, migrations, liveSchema, snapshotOptions, settings, cancellationToken).ConfigureAwait(false);
            if (createdRoles.Count > 0)
            {
                log.Info($"Created role(s) {string.Join(", ", createdRoles)} (NOLOGIN) on the throwaway server, because {live.EnvironmentName} has them and migrations may name them.");
            }

            var differences = SchemaDiff.Compare(
                ExtensionsInExcludedSchemas.Remove(replayed, snapshotOptions),
                ExtensionsInExcludedSchemas.Remove(liveSchema.Snapshot, snapshotOptions),
                settings.ReplayLabel,
                "on " + live.EnvironmentName);
            return new LiveSchemaComparisonResult(differences, server.Description, server.Release, liveSchema.Release, createdRoles);
        }
        catch (HistoryReplayException exception)
        {
            log.Report(exception.Failure is { } failed && settings.DescribeFailedForward?.Invoke(failed) is { } described
                ? described
                : HistoryReplayException.Describe(live.EnvironmentName, exception.Message));
            return null;
        }
        catch (LocalBootstrapException exception)
        {
            log.Report(new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, exception.Message));
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // MIGRATIONS_LOCAL_URL may carry a password, and a driver message may quote what it was given.
            var message = PasswordRedaction.Redact(exception.Message, serverOptions.ReadVariable(serverOptions.UrlVariable));
            log.Report(new Diagnostic(DiagnosticCatalog.DatabaseUnreachable, SourceLocation.None, $"The throwaway Local database failed: {message}"));
            return null;
        }
    }

    /// <summary>The history schema is the tool's bookkeeping, never a migration's effect: it is left out whatever the caller passed.</summary>
    private static SnapshotOptions ExcludingHistory(SnapshotOptions options, HistoryLocation history) =>
        options.ExcludedSchemas.Contains(history.Schema) ? options : options with { ExcludedSchemas = options.ExcludedSchemas.Add(history.Schema) };

    private static async Task<(SchemaSnapshot Snapshot, IReadOnlyList<string> CreatedRoles)> ReplayAsync(
        ThrowawayServer server,
        IReadOnlyList<ReplayedMigration> migrations,
        LiveSchema live,
        SnapshotOptions snapshotOptions,
        LiveSchemaComparisonSettings settings,
        CancellationToken cancellationToken)
    {
        await using var database = await server.CreateDatabaseAsync(settings.DatabasePrefix, settings.Bootstrap, cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var runAs = migrations.Select(migration => migration.RanAs ?? live.SessionUser).ToList();
        var createdRoles = await ReplayRoles.EnsureAsync(connection, live.Roles, runAs, cancellationToken).ConfigureAwait(false);

        for (var index = 0; index < migrations.Count; index++)
        {
            var migration = migrations[index];

            // Also resets a role a no-transaction migration set for its session, so each migration starts as it did live.
            await ExecuteAsync(connection, $"reset role; set session authorization {SqlIdentifier.Quote(runAs[index])}", cancellationToken).ConfigureAwait(false);
            var outcome = await MigrationExecutor.RunAsDeployedAsync(connection, new MigrationScript(migration.Id + ".sql", migration.ForwardSql), settings.Execution, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                throw new HistoryReplayException(
                    $"{migration.Id}, run as {runAs[index]}, failed on the throwaway database {Where(outcome)}. "
                    + $"If it relies on roles, schemas or extensions the platform provides, put them in {LocalBootstrap.PropertyName} (or '{LocalBootstrap.SupabaseKeyword}' on Supabase); if it relied on something made by hand, that object is drift this check cannot show until the history replays.",
                    outcome.Error is { } error ? new FailedReplay(migration.Id, error.Line, error.Column, $"{error.Message} (SQLSTATE {error.SqlState})") : null);
            }
        }

        await ExecuteAsync(connection, "reset role; reset session authorization", cancellationToken).ConfigureAwait(false);
        var snapshot = await SchemaSnapshotReader.ReadAsync(connection, snapshotOptions, cancellationToken).ConfigureAwait(false);
        return (snapshot, createdRoles);
    }

    private static string Where(ExecutionOutcome outcome) =>
        outcome.Error is { } error
            ? $"at line {error.Line}, column {error.Column}: {error.Message} (SQLSTATE {error.SqlState})"
            : outcome.Lost is { } lost ? $"({lost.HistoryText})" : "(no reason given)";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
