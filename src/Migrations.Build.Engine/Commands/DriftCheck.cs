using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// One environment's drift check, for MigrationDrift and for the CheckDrift gate before a deploy or rollback: read its
/// history (read-only), replay what the ledger says is applied — the forward text recorded at deploy — on a throwaway
/// Local database, compare, and report each difference as MIG1040. Every failure ends in a coded diagnostic and null:
/// a check that could not run is never "no drift".
/// </summary>
internal static class DriftCheck
{
    private const string InsufficientPrivilege = "42501";
    private const string LockNotAvailable = "55P03";

    public static async Task<DriftReport?> RunAsync(OperationSequence sequence, ConnectionTarget target)
    {
        var context = sequence.CreateContext(target);
        var settings = context is null ? null : ComparisonSettings(sequence);
        if (context is null || settings is null)
        {
            return null;
        }

        var environment = target.Environment.Name;
        var cancellationToken = sequence.CancellationToken;
        try
        {
            IReadOnlyList<HistoryEntry> history;
            await using (var connection = await ReadOnlySession.OpenAsync(context, "drift check", cancellationToken).ConfigureAwait(false))
            {
                history = await new HistoryStore(context.History).ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            var (migrations, problems) = RecordedHistory.Plan(MigrationLedger.Build([], history), environment);
            foreach (var problem in problems)
            {
                sequence.Log.Report(HistoryReplayException.Describe(environment, problem));
            }

            var result = problems.Count > 0
                ? null
                : await LiveSchemaComparison.CompareAsync(migrations, context, settings, sequence.Log, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                return null;
            }

            var report = new DriftReport(environment, migrations.Count, result.ReplayServer, result.Differences);
            foreach (var difference in report.Differences)
            {
                sequence.Log.Report(new Diagnostic(DiagnosticCatalog.SchemaDrift, SourceLocation.None, $"Drift on {environment}: {DriftReport.Line(difference)}"));
            }

            if (!report.HasDrift)
            {
                sequence.Log.Important($"No drift on {environment}: its schema is what its {migrations.Count} applied migration(s) build, replayed from its history.");
            }

            return report;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && Describe(Unwrapped(exception), target, context) is { } diagnostic)
        {
            sequence.Log.Report(diagnostic);
            return null;
        }
    }

    /// <summary>
    /// How to replay and what to leave out, from the project's Local and drift properties; BaselineMigration's proof
    /// uses the same. Null after reporting an unusable bootstrap (MIG1019).
    /// </summary>
    public static LiveSchemaComparisonSettings? ComparisonSettings(OperationSequence sequence)
    {
        try
        {
            var local = sequence.Resolver.Find(MigrationEnvironment.LocalName) ?? MigrationEnvironment.Local;
            return new LiveSchemaComparisonSettings
            {
                Server = sequence.Settings.ThrowawayServer(local),
                Bootstrap = LocalBootstrap.Resolve(sequence.Raw.LocalBootstrap, sequence.Raw.RelativePathBase),
                Snapshot = sequence.Settings.DriftSnapshotOptions(),
                Execution = sequence.Settings.Execution,
            };
        }
        catch (LocalBootstrapException exception)
        {
            sequence.Settings.Invalid(exception.Message);
            return null;
        }
    }

    /// <summary>The snapshot reader names the catalog query that failed around the server's own error; the error is what says what happened.</summary>
    private static Exception Unwrapped(Exception exception) =>
        exception is InvalidOperationException { InnerException: NpgsqlException inner } ? inner : exception;

    private static Diagnostic? Describe(Exception exception, ConnectionTarget target, OperationContext context) => exception switch
    {
        // The generic MIG1022 speaks of creating the history table; a drift check only reads.
        PostgresException { SqlState: InsufficientPrivilege } server => new Diagnostic(
            DiagnosticCatalog.PermissionDenied,
            SourceLocation.None,
            $"{target.Environment.Name} refused the drift check's reads as user {target.User}: {server.MessageText} (SQLSTATE {server.SqlState}). "
            + $"It reads the system catalogs and the history table {context.History}; grant SELECT on {context.History} (and USAGE on its schema) to that role, or run the check as the role that deploys."),
        PostgresException { SqlState: LockNotAvailable } server => new Diagnostic(
            DiagnosticCatalog.DriftCheckBlocked,
            SourceLocation.None,
            $"The drift check on {target.Environment.Name} waited longer than {PublicSurface.LockTimeoutProperty} ({context.Execution.LockTimeout}) for a lock on a table it reads: {server.MessageText} (SQLSTATE {server.SqlState}). "
            + "Another session holds an exclusive lock (a running migration, VACUUM FULL, a manual LOCK TABLE); run the check again when it has finished, or raise the property."),
        _ => ExpectedFailure.Describe(exception, target, context.History),
    };
}
