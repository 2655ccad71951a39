using System.Globalization;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// The backup taken when no MigrationsBackupCommand is set: <c>pg_dump -Fc</c> into the backup directory, then
/// checked — the file is not empty and <c>pg_restore --list</c> reads its table of contents — because a backup
/// that cannot be restored is no backup. A pg_dump older than the server is refused up front: it would fail anyway,
/// and saying why is kinder than its own message.
/// </summary>
internal static class BuiltInBackup
{
    public static async Task<BackupOutcome> RunAsync(BackupRequest request, BackupSettings settings, PostgresRelease server, CancellationToken cancellationToken)
    {
        var path = settings.ReadVariable("PATH");
        var pgDump = await ClientTool.FindAsync("pg_dump", path, cancellationToken).ConfigureAwait(false);
        var fix = $"install the PostgreSQL {server} client tools or newer (e.g. apt-get install postgresql-client-{server}) and put them first on PATH, or set {PublicSurface.BackupCommandProperty} to your own backup command";
        if (pgDump is null)
        {
            return BackupOutcome.Failed(request.FilePath, $"no pg_dump was found {ClientTool.SearchedPlaces}; {fix}.");
        }

        if (pgDump.Release is not { } release)
        {
            return BackupOutcome.Failed(request.FilePath, $"{pgDump.Path} --version did not print a PostgreSQL version, so it cannot be trusted to dump a PostgreSQL {server} server; {fix}.");
        }

        if (release.IsOlderThan(server))
        {
            return BackupOutcome.Failed(request.FilePath, $"{pgDump.Describe()} is older than the server (PostgreSQL {server}), and pg_dump cannot dump a server newer than itself; {fix}.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(request.FilePath)!);
        var dump = await ChildProcess.RunAsync(
            pgDump.Path,
            ["--format=custom", "--no-password", "--file=" + request.FilePath],
            settings.WorkingDirectory,
            Timeout.InfiniteTimeSpan,
            ClientEnvironment.For(request.ConnectionString, ClientEnvironment.BackupApplicationName),
            rawArguments: null,
            cancellationToken).ConfigureAwait(false);
        if (!dump.Succeeded)
        {
            // A half-written dump must not lie in the folder looking like a backup.
            File.Delete(request.FilePath);
            return BackupOutcome.Failed(request.FilePath, PasswordRedaction.Redact(dump.DescribeOnOneLine(), request.Password));
        }

        var size = File.Exists(request.FilePath) ? new FileInfo(request.FilePath).Length : 0;
        if (size == 0)
        {
            return BackupOutcome.Failed(request.FilePath, $"{pgDump.Describe()} exited with code 0 but {request.FilePath} is {(File.Exists(request.FilePath) ? "empty" : "missing")}.");
        }

        var pgRestore = await ClientTool.FindBesideAsync("pg_restore", pgDump, path, cancellationToken).ConfigureAwait(false);
        if (pgRestore is null)
        {
            return BackupOutcome.Failed(request.FilePath, $"{request.FilePath} was written, but no pg_restore was found {ClientTool.SearchedPlaces} to check that it can be read back; {fix}.");
        }

        var list = await ChildProcess.RunAsync(pgRestore.Path, ["--list", request.FilePath], settings.WorkingDirectory, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            return BackupOutcome.Failed(request.FilePath, $"pg_restore cannot read the backup it was given, so it would not restore either: {list.DescribeOnOneLine()}");
        }

        var entries = TableOfContents.CountEntries(list.StandardOutput);
        return BackupOutcome.Taken(
            request.FilePath,
            string.Create(CultureInfo.InvariantCulture, $"{request.FilePath} ({size:N0} bytes by {pgDump.Describe()}; pg_restore --list reads its {entries} entries)"));
    }
}
