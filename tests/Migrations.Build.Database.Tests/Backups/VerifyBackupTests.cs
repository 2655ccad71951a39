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
