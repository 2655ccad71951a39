using System.Text.RegularExpressions;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Backups;

/// <summary>
/// Contract §4 on real PostgreSQL: an environment with Backup="true" is backed up before DeployMigration and
/// RollbackMigration change it; the backup is checked and its path recorded, and when it fails (MIG1010) the
/// operation is refused, recorded, and the database keeps its schema and data.
/// </summary>
[TestClass]
public sealed class BackupBeforeChangeTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_deploy_takes_a_checked_pg_dump_first_records_it_and_VerifyBackup_restores_the_state_before_it()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_builtin", TestContext.CancellationToken);
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings(), log, TestContext.CancellationToken), log.ToString());

        var file = Directory.GetFiles(workspace.BackupDirectory).Single();
        StringAssert.Matches(Path.GetFileName(file), new Regex(@"^Production_\d{8}T\d{6}Z_deploy_20250210000000\.dump$"));
        Assert.IsTrue(log.Messages.Any(message => message.StartsWith("Backed up Production in ", StringComparison.Ordinal)
            && message.Contains($": {file} (", StringComparison.Ordinal)
            && message.Contains("pg_restore --list reads its ", StringComparison.Ordinal)), log.ToString());
        Assert.AreEqual(("deploy", "succeeded", (string?)file, (string?)null), (await workspace.HistoryAsync()).Single());
        Assert.AreEqual(true, await workspace.ScalarAsync("select to_regclass('customers') is not null"));

        // Nothing left to deploy: no backup either.
        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings(), new RecordingLog(), TestContext.CancellationToken));
        Assert.AreEqual(1, Directory.GetFiles(workspace.BackupDirectory).Length);

        // VerifyBackup restores it on a throwaway database: the data as it was before the deploy.
        var verifyLog = new RecordingLog();
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var verify = new OperationSettings
        {
            MigrationsDirectory = workspace.Migrations,
            BackupFile = Path.GetRelativePath(workspace.Root, file),
            ProjectDirectory = workspace.Root,
            ReadVariable = name => name switch
            {
                "MIGRATIONS_LOCAL_URL" => server.AdminConnectionString,
                "PATH" => Environment.GetEnvironmentVariable("PATH"),
                _ => null,
            },
        };
        Assert.IsTrue(await VerifyBackupCommand.RunAsync(verify, verifyLog, TestContext.CancellationToken), verifyLog.ToString());
        Assert.AreEqual(0, verifyLog.Diagnostics.Count, verifyLog.ToString());
        var report = verifyLog.Messages.ToList();
        CollectionAssert.Contains(report, "  schema public: 1 table, 3 rows", verifyLog.ToString());
        CollectionAssert.Contains(report, "    public.accounts: 3 rows", verifyLog.ToString());
        Assert.IsFalse(report.Any(line => line.Contains("customers", StringComparison.Ordinal)), verifyLog.ToString());
        Assert.IsTrue(report.Any(line => line.StartsWith($"VerifyBackup: {file} restores: ", StringComparison.Ordinal)), verifyLog.ToString());

        // RollbackMigration backs up first as well, and records it in its own row.
        var rollbackLog = new RecordingLog();
        Assert.IsTrue(await RollbackCommand.RunAsync(workspace.Settings(), rollbackLog, TestContext.CancellationToken), rollbackLog.ToString());
        var rollbackFile = Directory.GetFiles(workspace.BackupDirectory, "Production_*_rollback_20250210000000.dump").Single();
        Assert.AreEqual(("rollback", "succeeded", (string?)rollbackFile, (string?)null), (await workspace.HistoryAsync())[1]);
    }

    [TestMethod]
    public async Task A_failing_backup_command_refuses_the_deploy_records_it_and_leaves_the_database_untouched()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_fails", TestContext.CancellationToken);
        var log = new RecordingLog();
        const string command = "echo 'pg_dump: error: could not write: No space left on device' >&2; exit 3";

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings(command), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1010", error.Code, log.ToString());
        Assert.AreEqual(
            $"The backup of Production before DeployMigration failed, so nothing was changed: MigrationsBackupCommand failed: `/bin/sh -c \"{command}\"` exited with code 3: pg_dump: error: could not write: No space left on device",
            error.Message);
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
        Assert.AreEqual(3L, await workspace.ScalarAsync("select count(*) from accounts"));
        Assert.AreEqual(("deploy", "failed", (string?)$"MigrationsBackupCommand: {command}", (string?)error.Message), (await workspace.HistoryAsync()).Single());
        CollectionAssert.Contains(log.Messages.ToList(), "DeployMigration on Production refused without a backup; nothing was changed. The refusal is recorded in migrations_build.history.");
    }

    [TestMethod]
    public async Task Cancelling_during_the_backup_kills_the_command_records_the_attempt_and_changes_nothing()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_cancelled", TestContext.CancellationToken);
        var marker = Path.Combine(workspace.Root, "backup-finished");
        var command = $"sleep 3 && touch '{marker}'";
        var log = new LineAwaitingLog("Backing up Production before DeployMigration");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);

        var deploy = DeployCommand.RunAsync(workspace.Settings(command), log, cancellation.Token);
        await log.Said.WaitAsync(TestContext.CancellationToken);
        await cancellation.CancelAsync();

        Assert.IsFalse(await deploy, log.ToString());
        CollectionAssert.Contains(log.Inner.Messages.ToList(), "Cancelled; whatever was running was stopped (a statement is cancelled on the server, a backup or other command is killed).", log.ToString());
        Assert.IsFalse(log.Inner.Diagnostics.Any(diagnostic => diagnostic.IsError), log.ToString());
        Assert.AreEqual(("deploy", "failed", (string?)null, (string?)"cancelled by the user during the backup; nothing was changed"), (await workspace.HistoryAsync()).Single());
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));

        // Killed, not abandoned: the command never gets to finish in the background.
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.CancellationToken);
        Assert.IsFalse(File.Exists(marker), "the backup command kept running after the cancellation");
    }

    [TestMethod]
    public async Task The_backup_command_reaches_the_database_through_its_environment_and_fills_the_placeholders()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_command", TestContext.CancellationToken);
        const string password = "s3cret-for-the-backup";

        // The test server trusts local connections, so the password travels without being checked.
        workspace.Url = new Npgsql.NpgsqlConnectionStringBuilder(workspace.Database.ConnectionString) { Password = password }.ConnectionString;
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(workspace.Settings("printf '%s|%s\\n' {environment} \"{version}\" > {file} && env | grep '^PG' | sort >> {file}"), log, TestContext.CancellationToken), log.ToString());

        var file = Directory.GetFiles(workspace.BackupDirectory).Single();
        var lines = File.ReadAllLines(file);
        Assert.AreEqual("Production|20250210000000", lines[0]);
        CollectionAssert.Contains(lines, $"PGPASSWORD={password}");
        CollectionAssert.Contains(lines, $"PGDATABASE={workspace.Database.Name}");
        CollectionAssert.Contains(lines, $"PGPORT={new Npgsql.NpgsqlConnectionStringBuilder(workspace.Url).Port}");
        Assert.AreEqual(("deploy", "succeeded", (string?)file, (string?)null), (await workspace.HistoryAsync()).Single());
        Assert.IsFalse(log.ToString().Contains(password, StringComparison.Ordinal), log.ToString());
    }

    [TestMethod]
    public async Task A_backup_command_that_leaves_its_file_empty_is_a_failed_backup()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_empty", TestContext.CancellationToken);
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings("touch {file}"), log, TestContext.CancellationToken));

        var file = Directory.GetFiles(workspace.BackupDirectory).Single();
        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1010", error.Code);
        StringAssert.EndsWith(error.Message, $"MigrationsBackupCommand exited with code 0 but left {{file}} ({file}) empty; make it write the backup to {{file}}.");
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
    }

    [TestMethod]
    public async Task A_pg_dump_older_than_the_server_is_refused_before_it_runs()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_old_pg_dump", TestContext.CancellationToken);
        var tools = workspace.FakeTool("pg_dump", "9.6.24", "echo ran > \"$(dirname \"$0\")/ran\"; exit 0");
        workspace.Variables["PATH"] = tools;
        var server = Convert.ToInt32(await workspace.ScalarAsync("select current_setting('server_version_num')::int / 10000"), System.Globalization.CultureInfo.InvariantCulture);
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings(), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1010", error.Code);
        Assert.AreEqual(
            $"The backup of Production before DeployMigration failed, so nothing was changed: pg_dump 9.6 ({Path.Combine(tools, "pg_dump")}) is older than the server (PostgreSQL {server}), and pg_dump cannot dump a server newer than itself; "
            + $"install the PostgreSQL {server} client tools or newer (e.g. apt-get install postgresql-client-{server}) and put them first on PATH, or set MigrationsBackupCommand to your own backup command.",
            error.Message);
        Assert.IsFalse(File.Exists(Path.Combine(tools, "ran")), "the old pg_dump must not be run");
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
        Assert.AreEqual(("deploy", "failed", (string?)null, (string?)error.Message), (await workspace.HistoryAsync()).Single(), "no file was written, so none is recorded");
    }

    [TestMethod]
    public async Task A_failing_pg_dump_is_reported_with_its_own_words_and_the_password_scrubbed()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("backup_dump_fails", TestContext.CancellationToken);
        const string password = "s3cret-in-stderr";
        workspace.Url = new Npgsql.NpgsqlConnectionStringBuilder(workspace.Database.ConnectionString) { Password = password }.ConnectionString;
        var tools = workspace.FakeTool("pg_dump", "99.0", "echo \"pg_dump: error: password \\\"$PGPASSWORD\\\" rejected\" >&2; exit 1");
        workspace.Variables["PATH"] = tools;
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings(), log, TestContext.CancellationToken));

        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1010", error.Code);
        StringAssert.Contains(error.Message, "exited with code 1: pg_dump: error: password \"***\" rejected");
        Assert.IsFalse(log.ToString().Contains(password, StringComparison.Ordinal), log.ToString());
        Assert.IsFalse(Directory.Exists(workspace.BackupDirectory) && Directory.GetFiles(workspace.BackupDirectory).Length > 0, "a failed dump leaves no file behind");
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
    }
}
