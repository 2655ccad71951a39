using System.Globalization;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// MigrationsBackupCommand: the team's own backup (a snapshot API, pg_dump to object storage…), run through the shell
/// with <c>{file}</c>, <c>{environment}</c> and <c>{version}</c> filled in. The database is reached through the libpq
/// variables in the command's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE), never its
/// command line. Success is its exit code, plus — when it was given <c>{file}</c> — a non-empty file there.
/// </summary>
internal static class CommandBackup
{
    public static async Task<BackupOutcome> RunAsync(BackupRequest request, BackupSettings settings, string command, CancellationToken cancellationToken)
    {
        var writesFile = command.Contains(ShellCommand.FilePlaceholder, StringComparison.Ordinal);
        var expanded = ShellCommand.Expand(command, new Dictionary<string, string>
        {
            [ShellCommand.FilePlaceholder] = request.FilePath,
            [ShellCommand.EnvironmentPlaceholder] = request.EnvironmentName,
            [ShellCommand.VersionPlaceholder] = request.Version,
        });
        var location = writesFile ? request.FilePath : $"{PublicSurface.BackupCommandProperty}: {PasswordRedaction.Redact(expanded, request.Password)}";
        if (writesFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(request.FilePath)!);
        }

        var (fileName, arguments, rawArguments) = ShellCommand.For(expanded);
        var result = await ChildProcess.RunAsync(
            fileName,
            arguments,
            settings.WorkingDirectory,
            Timeout.InfiniteTimeSpan,
            ClientEnvironment.For(request.ConnectionString, ClientEnvironment.BackupApplicationName),
            rawArguments,
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return BackupOutcome.Failed(location, $"{PublicSurface.BackupCommandProperty} failed: {PasswordRedaction.Redact(result.DescribeOnOneLine(), request.Password)}");
        }

        if (!writesFile)
        {
            return BackupOutcome.Taken(location, $"{PublicSurface.BackupCommandProperty} succeeded (it takes no {ShellCommand.FilePlaceholder}, so its result is not checked here)");
        }

        var size = File.Exists(request.FilePath) ? new FileInfo(request.FilePath).Length : 0;
        return size > 0
            ? BackupOutcome.Taken(location, string.Create(CultureInfo.InvariantCulture, $"{request.FilePath} ({size:N0} bytes by {PublicSurface.BackupCommandProperty})"))
            : BackupOutcome.Failed(location, $"{PublicSurface.BackupCommandProperty} exited with code 0 but left {ShellCommand.FilePlaceholder} ({request.FilePath}) {(File.Exists(request.FilePath) ? "empty" : "unwritten")}; make it write the backup to {ShellCommand.FilePlaceholder}.");
    }
}
