using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Runbooks;

/// <summary>
/// The runbook hook of DeployMigration: before the first change it picks the runbook's file (so every history row of
/// the deploy names it in its notes), and once the deploy has applied something it assesses each recorded rollback
/// against the live database and writes the runbook there, printing its path.
/// </summary>
internal static class DeployRunbook
{
    /// <summary>The context with the runbook's path chosen and noted; unchanged when this deploy writes none.</summary>
    public static OperationContext Prepare(OperationContext context, string firstVersion)
    {
        if (context.Runbook is not { } settings)
        {
            return context;
        }

        var path = Path.Combine(settings.Directory, RunbookWriter.FileName(context.EnvironmentName, DateTimeOffset.UtcNow, firstVersion));
        var note = $"runbook: {path}";
        return context with
        {
            Runbook = settings with { Path = path },
            Notes = string.IsNullOrEmpty(context.Notes) ? note : context.Notes + "; " + note,
        };
    }

    /// <summary>
    /// Writes the runbook when something of <paramref name="planned"/> is applied (fully or part way); returns its
    /// path, or null when none was written.
    /// </summary>
    public static async Task<string?> WriteAsync(
        OperationContext context,
        NpgsqlConnection connection,
        IReadOnlyList<MigrationPair> planned,
        IReadOnlyList<string> applied,
        string? failed,
        CancellationToken cancellationToken)
    {
        if (context.Runbook is not { Path: { } path } settings)
        {
            return null;
        }

        var migrations = new List<RunbookMigration>();
        foreach (var pair in planned)
        {
            var state = StateOf(pair, applied, failed);
            var (loss, problem) = state == RunbookMigrationState.Applied && pair.Rollback?.Content is { } rollback
                ? await AssessAsync(context, connection, pair.Id, new MigrationScript(pair.Rollback.Path, rollback.Text), cancellationToken).ConfigureAwait(false)
                : (null, null);
            migrations.Add(new RunbookMigration(pair.Id, state, pair.Forward.Checksum, pair.Rollback?.Checksum, loss, problem));
        }

        if (!migrations.Any(migration => migration.State is RunbookMigrationState.Applied or RunbookMigrationState.Partial))
        {
            return null;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(context.ConnectionString);
        var runbook = new Runbook(
            context.EnvironmentName,
            Environments.ConnectionUrl.HostAndPort(connectionString),
            connectionString.Database ?? connectionString.Username ?? "(server default)",
            connectionString.Username ?? "(current operating system user)",
            context.ClientHost,
            DateTimeOffset.UtcNow,
            migrations,
            context.BackupPath,
            context.Backup is { Command: null },
            settings);
        try
        {
            Directory.CreateDirectory(settings.Directory);
            await File.WriteAllTextAsync(path, RunbookWriter.Render(runbook), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            // The deploy itself is done and recorded; a runbook that cannot be written must not turn it into a failure,
            // but the commands it would have held must still reach the person who may need them.
            context.Log.Report(new Diagnostic(
                DiagnosticCatalog.RunbookNotWritten,
                SourceLocation.None,
                $"The rollback runbook could not be written to {path}: {Reason(settings.Directory, exception)}. The deploy stands and its history rows name that path. "
                + $"To roll back, run, newest first: {string.Join(" && ", RunbookWriter.RollbackCommands(runbook))}. "
                + $"Point {PublicSurface.RunbookDirectoryProperty} at a folder the build may write to."));
            return null;
        }

        context.Log.Important($"Rollback runbook for this deploy: {path}");
        return path;
    }

    private static string Reason(string directory, Exception exception) => exception switch
    {
        _ when File.Exists(Path.TrimEndingDirectorySeparator(directory)) => $"{Path.TrimEndingDirectorySeparator(directory)} is a file, not a folder",
        UnauthorizedAccessException => "permission denied",
        _ => exception.Message,
    };

    private static RunbookMigrationState StateOf(MigrationPair pair, IReadOnlyList<string> applied, string? failed) =>
        applied.Contains(pair.Id, StringComparer.Ordinal) ? RunbookMigrationState.Applied
        : pair.Id != failed ? RunbookMigrationState.NotAttempted
        : pair.Forward.Content is { } forward && new MigrationScript(pair.Forward.Path, forward.Text).RunsOutsideTransaction ? RunbookMigrationState.Partial
        : RunbookMigrationState.Failed;

    /// <summary>What the recorded rollback would destroy now; a read that fails leaves the verdict open and says why.</summary>
    private static async Task<(DataLossFinding? Loss, string? Problem)> AssessAsync(OperationContext context, NpgsqlConnection connection, string id, MigrationScript rollback, CancellationToken cancellationToken)
    {
        try
        {
            var verdict = await DataLossAssessment.AssessAsync(connection, [(id, rollback)], context.Execution, cancellationToken).ConfigureAwait(false);
            return (verdict.Findings.Count > 0 ? verdict.Findings[0] : null, null);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            return (null, exception.Message);
        }
    }
}
