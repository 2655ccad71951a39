using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// Contract §4, "Production runs the backup first": the step DeployMigration and RollbackMigration take on an
/// environment with <c>Backup="true"</c>, under the migration lock and after planning — so the backup shows exactly
/// the state this operation starts from, no other deploy can slip in between, and an operation with nothing to do
/// takes none — but before any migration SQL runs. A backup that fails refuses the operation (MIG1010) and the
/// refusal is written to history, so the record shows the attempt and why nothing happened.
/// </summary>
internal static class BackupBeforeChange
{
    /// <summary>
    /// Takes the backup for <paramref name="attempt"/> (the history row of the first migration about to change)
    /// and returns the context to go on with, which writes the backup's path into every history row; returns null
    /// after reporting and recording why the operation is refused. Without backup settings, returns the context as is.
    /// </summary>
    public static async Task<OperationContext?> RunAsync(OperationContext context, LockedSession session, HistoryEntry attempt, CancellationToken cancellationToken)
    {
        if (context.Backup is not { } settings)
        {
            return context;
        }

        var target = PublicSurface.TargetName(attempt.Operation);
        var request = new BackupRequest(
            context.EnvironmentName,
            context.ConnectionString,
            attempt.Operation,
            attempt.Version,
            Path.Combine(settings.Directory, BackupFileName.For(context.EnvironmentName, attempt.Operation, attempt.Version, DateTimeOffset.UtcNow)));
        context.Log.Important(settings.Command is null
            ? $"Backing up {context.EnvironmentName} before {target} (Backup=\"true\") with pg_dump -Fc to {request.FilePath}."
            : $"Backing up {context.EnvironmentName} before {target} (Backup=\"true\") with {PublicSurface.BackupCommandProperty}.");
        var clock = Stopwatch.StartNew();
        BackupOutcome outcome;
        try
        {
            outcome = settings.Command is { } command
                ? await CommandBackup.RunAsync(request, settings, command, cancellationToken).ConfigureAwait(false)
                : await BuiltInBackup.RunAsync(request, settings, await ServerReleaseAsync(session.Connection, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            outcome = BackupOutcome.Failed(request.FilePath, $"the backup file {request.FilePath} cannot be written: {exception.Message} Set {PublicSurface.BackupDirectoryProperty} to a folder this build may write to.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FailureRecorder.AppendAsync(context, session.History, Refused(attempt, clock, null, "cancelled by the user during the backup; nothing was changed")).ConfigureAwait(false);
            throw;
        }

        var milliseconds = clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);
        if (outcome.Succeeded)
        {
            context.Log.Important($"Backed up {context.EnvironmentName} in {milliseconds} ms: {outcome.Summary}. The history rows of this {HistoryText.Format(attempt.Operation)} record it.");
            return context with { BackupPath = outcome.Location };
        }

        var message = $"The backup of {context.EnvironmentName} before {target} failed, so nothing was changed: {outcome.Failure}";
        context.Log.Report(new Diagnostic(DiagnosticCatalog.BackupFailed, SourceLocation.None, message));

        // A file that was never written (or was removed as half-written) is no backup path to record.
        var recorded = outcome.Location == request.FilePath && !File.Exists(request.FilePath) ? null : outcome.Location;
        await session.History.AppendAsync(session.Connection, null, Refused(attempt, clock, recorded, message), cancellationToken).ConfigureAwait(false);
        context.Log.Important($"{target} on {context.EnvironmentName} refused without a backup; nothing was changed. The refusal is recorded in {session.History.Location}.");
        return null;
    }

    private static HistoryEntry Refused(HistoryEntry attempt, Stopwatch clock, string? backupPath, string error) => attempt with
    {
        Status = HistoryStatus.Failed,
        FinishedAt = DateTimeOffset.UtcNow,
        ExecutionMilliseconds = clock.ElapsedMilliseconds,
        StatementsDone = 0,
        BackupPath = backupPath,
        Error = error,
    };

    /// <summary>server_version_num, the number pg_dump's own compatibility check compares.</summary>
    private static async Task<PostgresRelease> ServerReleaseAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select current_setting('server_version_num')::int", connection);
        return PostgresRelease.FromServerVersionNumber((int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }
}
