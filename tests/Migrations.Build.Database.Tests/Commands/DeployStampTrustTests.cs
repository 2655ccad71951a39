using System.Security.Cryptography;
using Migrations.Build.Engine.Analysis;
using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Commands;

/// <summary>
/// DeployMigration trusts unchanged file stamps (validation cache) only for the files it does not apply: an applied
/// file's checksum, compared with history, may come from the cache, so a no-op deploy reads nothing; every file it
/// applies is read in that run and applied only as the bytes validated. On real PostgreSQL, through DeployCommand.
/// </summary>
[TestClass]
public sealed class DeployStampTrustTests
{
    private const string First = "20250101000000_first";
    private const string Second = "20250102000000_second";

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void NeedsStamps()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Windows exposes no change time, so no stamp is trusted there.");
        }
    }

    [TestMethod]
    public async Task A_noop_deploy_reads_no_file_yet_an_applied_file_edited_keeping_size_and_mtime_is_still_MIG1006()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("stamp_drift", TestContext.CancellationToken);
        using var folder = new Folder();
        var first = folder.Pair(First, "create table first_t (id int);\n", "drop table first_t;\n");
        folder.Pair(Second, "create table second_t (id int);\n", "drop table second_t;\n");
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken), log.ToString());

        log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken), log.ToString());
        Assert.IsTrue(log.Details.Contains("Reused validation of 4 of 4 files; 4 were not read (size, modification and change time unchanged since they were)."), string.Join(" | ", log.Details));
        Assert.IsTrue(log.Messages.Any(message => message.Contains("is up to date: all 2 migration(s) are applied", StringComparison.Ordinal)), log.ToString());

        // Same length, modification time put back: only the change time, which no program can set back, moves.
        var modified = File.GetLastWriteTimeUtc(first);
        File.WriteAllText(first, "create table first_x (id int);\n");
        File.SetLastWriteTimeUtc(first, modified);
        log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken));

        var drift = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1006", drift.Code, log.ToString());
        Assert.AreEqual(first, drift.Location.FilePath);
        StringAssert.Contains(drift.Message, "but the file now has checksum " + Checksum(first));
    }

    [TestMethod]
    public async Task A_pending_file_is_read_and_applied_as_it_is_on_disk_even_when_its_stamp_is_trusted()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("stamp_pending", TestContext.CancellationToken);
        using var folder = new Folder();
        var second = await DeployFirstOfTwoAsync(database, folder);

        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken), log.ToString());

        Assert.IsTrue(log.Details.Contains("Reused validation of 4 of 4 files; 4 were not read (size, modification and change time unchanged since they were)."), string.Join(" | ", log.Details));
        Assert.AreEqual(true, await ScalarAsync(database, "select to_regclass('public.second_t') is not null"));
        Assert.AreEqual(
            $"{Checksum(second)} create table second_t (id int);\n drop table second_t;\n",
            await ScalarAsync(database, $"select forward_checksum || ' ' || forward_sql || ' ' || rollback_sql from migrations_build.history where version || '_' || name = '{Second}' and operation = 'deploy'"));
    }

    [TestMethod]
    public async Task A_pending_file_whose_bytes_are_not_the_ones_validated_is_MIG1034_and_nothing_is_applied()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("stamp_changed", TestContext.CancellationToken);
        using var folder = new Folder();
        var second = await DeployFirstOfTwoAsync(database, folder);
        var validated = Checksum(second);

        // The one write a stamp cannot show (it needs the clock set back), made here by rewriting the cache's stamp;
        // a write between the deploy's validation and its plan looks the same to the deploy.
        File.WriteAllText(second, "create table second_x (id int);\n");
        folder.ForgeStamp(second);
        var log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken));

        await AssertRefusedAsChangedAsync(database, log, second, validated);
    }

    /// <summary>
    /// The same unseeable write under the manifest that reuses a whole validation (ValidationManifest): the folder's
    /// fingerprint matches while a pending file's bytes changed. The deploy reuses the validation, reads the file it is
    /// about to apply, and refuses it, as for a trusted stamp.
    /// </summary>
    [TestMethod]
    public async Task A_pending_file_changed_under_a_manifest_that_still_matches_is_MIG1034_and_nothing_is_applied()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("stamp_manifest", TestContext.CancellationToken);
        using var folder = new Folder();
        var second = await DeployFirstOfTwoAsync(database, folder);
        var validated = Checksum(second);
        var before = folder.ValidateAsDeploy();

        File.WriteAllText(second, "create table second_x (id int);\n");
        folder.ForgeManifest(before);
        var log = new RecordingLog();
        Assert.IsFalse(await DeployCommand.RunAsync(folder.Settings(database), log, TestContext.CancellationToken));

        Assert.IsTrue(log.Details.Any(detail => detail.Contains(ValidationManifest.FileName, StringComparison.Ordinal)), "the whole validation was reused: " + string.Join(" | ", log.Details));
        await AssertRefusedAsChangedAsync(database, log, second, validated);
    }

    /// <summary>Writes both pairs and deploys only the first; returns the second's forward path (pending).</summary>
    private async Task<string> DeployFirstOfTwoAsync(TestDatabase database, Folder folder)
    {
        folder.Pair(First, "create table first_t (id int);\n", "drop table first_t;\n");
        var second = folder.Pair(Second, "create table second_t (id int);\n", "drop table second_t;\n");
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(folder.Settings(database) with { Migration = First }, log, TestContext.CancellationToken), log.ToString());
        return second;
    }

    /// <summary>MIG1034 on the second file with the checksum validated before the write; nothing applied; the refusal recorded.</summary>
    private static async Task AssertRefusedAsChangedAsync(TestDatabase database, RecordingLog log, string second, string validated)
    {
        var changed = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1034", changed.Code, log.ToString());
        Assert.AreEqual(second, changed.Location.FilePath);
        Assert.AreEqual($"'{Second}.sql' changed after this deploy validated it: its bytes are no longer the ones validated (checksum {validated}), so nothing was applied. Finish the edit and run the deploy again, which validates the file as it is then.", changed.Message);
        Assert.AreEqual(false, await ScalarAsync(database, "select to_regclass('public.second_x') is not null or to_regclass('public.second_t') is not null"));
        // The refusal is recorded: a failed row for the migration, with the checksum validated in this run.
        Assert.AreEqual(
            $"failed {validated} refused: its file is not the one this deploy validated (MIG1034), nothing ran",
            await ScalarAsync(database, $"select status || ' ' || forward_checksum || ' ' || error from migrations_build.history where version || '_' || name = '{Second}'"));
        Assert.AreEqual(2L, await ScalarAsync(database, "select count(*) from migrations_build.history"));
    }

    private static string Checksum(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A migrations folder with its validation cache in obj/, deleted when the test ends.</summary>
    private sealed class Folder : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "mb-stamp-" + Guid.NewGuid().ToString("N"));

        private string Cache => Path.Combine(Root, "obj");

        /// <summary>Writes a pair; returns the forward's path.</summary>
        public string Pair(string id, string forward, string rollback)
        {
            Directory.CreateDirectory(Root);
            File.WriteAllText(Path.Combine(Root, id + "_rollback.sql"), rollback);
            var path = Path.Combine(Root, id + ".sql");
            File.WriteAllText(path, forward);
            return path;
        }

        /// <summary>Staging with its URL; a clock a minute ahead, so the stamps of files just written count as settled.</summary>
        public OperationSettings Settings(TestDatabase database) => new()
        {
            MigrationsDirectory = Root,
            EnvironmentName = "Staging",
            ReadVariable = name => name == "SUPABASE_STAGING_URL" ? database.ConnectionString : null,
            ValidationCacheDirectory = Cache,
            Clock = new Later(),
        };

        /// <summary>Records the file's current stamp in the cache against the content validated before it changed.</summary>
        public void ForgeStamp(string path)
        {
            var file = Path.Combine(Cache, ValidationCache.FileName);
            var document = ValidationCacheFormat.Read(new MemoryStream(File.ReadAllBytes(file)))!;
            document = document with { Files = [.. document.Files.Select(entry => entry.Path == path ? entry with { Stamp = FileStamp.Read(path) } : entry)] };
            using var stream = File.Create(file);
            ValidationCacheFormat.Write(stream, document);
        }

        /// <summary>The folder validated as DeployMigration validates it (DeployCommand's options, this class's settings).</summary>
        public MigrationValidation ValidateAsDeploy() =>
            MigrationValidator.Validate(DeployOptions, SafetyLintOptions.FromExposedSchemasProperty(null), Cache, new Later());

        /// <summary>
        /// Stores <paramref name="validation"/> under the fingerprint of the files as they are now: what a rewrite that
        /// kept every stamp (the clock set back) would leave behind.
        /// </summary>
        public void ForgeManifest(MigrationValidation validation)
        {
            var manifest = ValidationManifest.Open(Cache, DeployOptions, SafetyLintOptions.FromExposedSchemasProperty(null), new Later());
            Assert.IsNull(manifest.TryReuse(), "the edit changed the fingerprint");
            manifest.Remember(validation);
            Assert.IsNotNull(manifest.TryReuse(), "and the forged manifest matches it");
        }

        private MigrationDiscoveryOptions DeployOptions => new(Root) { TrustUnchangedFileStamps = true, UnreadFilesKeepChecksums = true, ReuseUnchangedFolders = true };

        public void Dispose()
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddMinutes(1);
    }
}
