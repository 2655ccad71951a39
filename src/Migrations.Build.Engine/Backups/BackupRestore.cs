using System.Diagnostics;
using System.Globalization;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// VerifyBackup's work — the workflow's "test backup restoration periodically": read the archive's table of contents,
/// restore it with pg_restore into a fresh throwaway database (MIGRATIONS_LOCAL_URL, else Docker, else local
/// binaries), report its schemas, tables and row counts, and drop the database. Owners and privileges are not
/// restored: the roles of the server the backup came from need not exist on a throwaway one.
/// </summary>
internal static class BackupRestore
{
    public static async Task<bool> RunAsync(string file, ThrowawayServerOptions serverOptions, IOperationLog log, CancellationToken cancellationToken)
    {
        var path = serverOptions.ReadVariable("PATH");
        var pgRestore = await ClientTool.FindAsync("pg_restore", path, cancellationToken).ConfigureAwait(false);
        if (pgRestore is null)
        {
            log.Report(Failure($"Cannot verify {file}: no pg_restore was found {ClientTool.SearchedPlaces}. Install the PostgreSQL client tools (e.g. apt-get install postgresql-client) and run VerifyBackup again."));
            return false;
        }

        var list = await ChildProcess.RunAsync(pgRestore.Path, ["--list", file], timeout: TimeSpan.FromMinutes(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            log.Report(Failure($"{file} is not a backup pg_restore can read — truncated, corrupt, or not an archive written by pg_dump -Fc, -Ft or -Fd: {list.DescribeOnOneLine()}"));
            return false;
        }

        var entries = TableOfContents.CountEntries(list.StandardOutput);
        var start = await ThrowawayServer.StartAsync(serverOptions with { Log = log.Info }, cancellationToken).ConfigureAwait(false);
        if (!start.Started)
        {
            log.Report(start.Unavailable.ToDiagnostic());
            return false;
        }

        await using var server = start.Server;
        await using var database = await server.CreateDatabaseAsync("migrations_verify_backup", bootstrap: null, cancellationToken).ConfigureAwait(false);
        log.Important($"Restoring {file} ({entries.ToString(CultureInfo.InvariantCulture)} archive entries) with {pgRestore.Describe()} into a throwaway database on {server.Description}.");
        var clock = Stopwatch.StartNew();
        var restore = await ChildProcess.RunAsync(
            pgRestore.Path,
            ["--no-owner", "--no-privileges", "--no-password", "--dbname=" + database.Name, file],
            workingDirectory: null,
            Timeout.InfiniteTimeSpan,
            ClientEnvironment.For(database.ConnectionString, ClientEnvironment.BackupApplicationName),
            rawArguments: null,
            cancellationToken).ConfigureAwait(false);
        var milliseconds = clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var contents = await RestoredContents.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        log.Important($"Restored {file} in {milliseconds} ms; it holds:");
        foreach (var line in contents.Describe())
        {
            log.Important(line);
        }

        var totals = $"{RestoredContents.Count(contents.Schemas.Count, "schema")}, {RestoredContents.Count(contents.TableCount, "table")}, {RestoredContents.Count(contents.RowCount, "row")}";
        if (!restore.Succeeded)
        {
            var password = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
            log.Report(Failure($"{file} did not restore cleanly ({totals} came back), so it cannot be trusted as a backup: {PasswordRedaction.Redact(restore.DescribeOnOneLine(), password)}"));
            return false;
        }

        log.Important($"VerifyBackup: {file} restores: {totals}. The throwaway database is dropped.");
        return true;
    }

    public static Diagnostic Failure(string message) => new(DiagnosticCatalog.BackupFailed, SourceLocation.None, message);
}
