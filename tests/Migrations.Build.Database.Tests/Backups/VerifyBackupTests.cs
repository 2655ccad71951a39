using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Backups;

/// <summary>VerifyBackup's refusals: no file named, a file that is not there, empty, or not an archive pg_restore reads.</summary>
[TestClass]
public sealed class VerifyBackupTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Without_a_file_it_says_which_property_to_pass()
    {
        using var folder = new TemporaryFolder();
        var log = new RecordingLog();

        Assert.IsFalse(await VerifyBackupCommand.RunAsync(Settings(folder.Root, null), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single();
        Assert.AreEqual("MIG1019", error.Code);
        Assert.AreEqual($"VerifyBackup needs the backup to restore: pass -p:Backup=<file>, e.g. a file from {Path.Combine(folder.Root, "obj", "backups")}.", error.Message);
    }

    [TestMethod]
    public async Task A_missing_or_empty_file_is_MIG1010()
    {
        using var folder = new TemporaryFolder();
        var log = new RecordingLog();

        Assert.IsFalse(await VerifyBackupCommand.RunAsync(Settings(folder.Root, "gone.dump"), log, TestContext.CancellationToken));
        Assert.AreEqual("MIG1010", log.Diagnostics.Single().Code);
        StringAssert.StartsWith(log.Diagnostics.Single().Message, $"The backup {Path.Combine(folder.Root, "gone.dump")} does not exist;");

        File.WriteAllText(Path.Combine(folder.Root, "empty.dump"), string.Empty);
        var emptyLog = new RecordingLog();
        Assert.IsFalse(await VerifyBackupCommand.RunAsync(Settings(folder.Root, "empty.dump"), emptyLog, TestContext.CancellationToken));
        Assert.AreEqual("MIG1010", emptyLog.Diagnostics.Single().Code);
        StringAssert.StartsWith(emptyLog.Diagnostics.Single().Message, $"The backup {Path.Combine(folder.Root, "empty.dump")} is empty,");
    }

    [TestMethod]
    public async Task A_file_pg_restore_cannot_read_is_MIG1010_before_any_database_is_created()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Root, "corrupt.dump");
        File.WriteAllText(file, "PGDMP but then nothing a real archive holds\n");
        var log = new RecordingLog();

        // Nothing listens on this URL: the file must be rejected before a throwaway database is looked for.
        Assert.IsFalse(await VerifyBackupCommand.RunAsync(Settings(folder.Root, file, "Host=127.0.0.1;Port=1;Username=x"), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single();
        Assert.AreEqual("MIG1010", error.Code, log.ToString());
        StringAssert.StartsWith(error.Message, $"{file} is not a backup pg_restore can read — truncated, corrupt, or not an archive written by pg_dump -Fc, -Ft or -Fd: `");
        StringAssert.Contains(error.Message, "pg_restore: error:");
    }

    [TestMethod]
    public async Task The_throwaway_server_comes_from_MigrationsLocalBinDirectory_when_it_is_set()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Root, "small.dump");
        await WriteBackupAsync(file);
        var log = new RecordingLog();

        // Relative to the project, as TestMigration reads it; a folder without server binaries is the only source tried.
        Assert.IsFalse(await VerifyBackupCommand.RunAsync(Settings(folder.Root, file) with { LocalBinDirectory = "no-postgres-here" }, log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single();
        Assert.AreEqual("MIG1037", error.Code, log.ToString());
        StringAssert.Contains(error.Message, Path.Combine(folder.Root, "no-postgres-here"));
    }

    /// <summary>A real archive of a one-table database, written by the pg_dump on PATH from the test server.</summary>
    private async Task WriteBackupAsync(string file)
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var database = await Migrations.Build.Engine.Local.ThrowawayDatabase.CreateAsync(server.AdminConnectionString, "verify_source", cancellationToken: TestContext.CancellationToken);
        await using (var connection = await database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            await using var create = new Npgsql.NpgsqlCommand("create table kept (id int primary key); insert into kept values (1)", connection);
            await create.ExecuteNonQueryAsync(TestContext.CancellationToken);
        }

        var target = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var dump = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pg_dump", ["-Fc", "-f", file, "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, target.Database!])
        {
            Environment = { ["PGPASSWORD"] = target.Password ?? string.Empty },
            RedirectStandardError = true,
        })!;
        var errors = await dump.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        await dump.WaitForExitAsync(TestContext.CancellationToken);
        Assert.AreEqual(0, dump.ExitCode, "pg_dump failed: " + errors);
    }

    private static OperationSettings Settings(string project, string? file, string? localUrl = null) => new()
    {
        MigrationsDirectory = project,
        BackupFile = file,
        ProjectDirectory = project,
        ReadVariable = name => name switch
        {
            "MIGRATIONS_LOCAL_URL" => localUrl,
            "PATH" => Environment.GetEnvironmentVariable("PATH"),
            _ => null,
        },
    };

    private sealed class TemporaryFolder : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("mb-verify-").FullName;

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
