using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// VerifyBackup (<c>-t:VerifyBackup -p:Backup=&lt;file&gt;</c>): restores a backup into a throwaway Local database and
/// reports its schemas, tables and row counts. Touches no real environment, so it has no gates and writes no history.
/// </summary>
public static class VerifyBackupCommand
{
    public static async Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var local = LocalUrlVariable(settings);
        try
        {
            var file = BackupFile(settings, log);
            if (file is null)
            {
                return false;
            }

            var options = new ThrowawayServerOptions
            {
                UrlVariable = local,
                ReadVariable = settings.ReadVariable,
                ContainerImage = string.IsNullOrWhiteSpace(settings.LocalImage) ? null : settings.LocalImage.Trim(),
                // The same server source as TestMigration's: a machine whose only usable binaries are in that folder can
                // verify its backups too.
                LocalBinDirectory = string.IsNullOrWhiteSpace(settings.LocalBinDirectory) ? null : Path.GetFullPath(settings.LocalBinDirectory.Trim(), settings.RelativePathBase),
            };
            return await BackupRestore.RunAsync(file, options, log, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.Important("Cancelled; the throwaway database is dropped.");
            return false;
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // MIGRATIONS_LOCAL_URL may carry a password, and a driver message may quote what it was given.
            log.Report(new Diagnostic(DiagnosticCatalog.DatabaseUnreachable, SourceLocation.None, $"The throwaway Local database failed: {PasswordRedaction.Redact(exception.Message, settings.ReadVariable(local))}"));
            return false;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            log.Report(InternalError.Describe(PublicSurface.VerifyBackupTarget, exception));
            log.Detail(exception.ToString());
            return false;
        }
    }

    /// <summary>The file to restore, relative to the project; null after saying what is missing.</summary>
    private static string? BackupFile(OperationSettings settings, IOperationLog log)
    {
        var project = string.IsNullOrWhiteSpace(settings.ProjectDirectory) ? Directory.GetCurrentDirectory() : settings.ProjectDirectory;
        if (string.IsNullOrWhiteSpace(settings.BackupFile))
        {
            log.Report(new Diagnostic(
                DiagnosticCatalog.InvalidSetting,
                SourceLocation.None,
                $"{PublicSurface.VerifyBackupTarget} needs the backup to restore: pass -p:{PublicSurface.BackupFileProperty}=<file>, e.g. a file from {Path.GetFullPath(string.IsNullOrWhiteSpace(settings.BackupDirectory) ? OperationDefaults.BackupDirectory : settings.BackupDirectory.Trim(), project)}."));
            return null;
        }

        var file = Path.GetFullPath(settings.BackupFile.Trim(), project);
        if (!File.Exists(file))
        {
            log.Report(BackupRestore.Failure($"The backup {file} does not exist; pass the path of a file written by the backup before a deploy ({PublicSurface.BackupDirectoryProperty}) or by pg_dump -Fc."));
            return null;
        }

        if (new FileInfo(file).Length == 0)
        {
            log.Report(BackupRestore.Failure($"The backup {file} is empty, so there is nothing to restore; the backup that wrote it failed. Take a new one."));
            return null;
        }

        return file;
    }

    /// <summary>Local's variable, as the project may have redefined it.</summary>
    private static string LocalUrlVariable(OperationSettings settings) =>
        settings.Environments.FirstOrDefault(declaration => string.Equals(declaration.Name, MigrationEnvironment.LocalName, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(declaration.UrlVariable))?.UrlVariable!.Trim()
        ?? MigrationEnvironment.Local.UrlVariable;
}
