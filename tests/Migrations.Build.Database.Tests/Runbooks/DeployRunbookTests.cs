using System.Text.RegularExpressions;
using Migrations.Build.Database.Tests.Backups;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Runbooks;

/// <summary>
/// On real PostgreSQL through DeployMigration: a deploy to an environment with a ConfirmVariable writes a rollback
/// runbook (checksums, rollback command, the data-loss verdict of the recorded rollback, backup and restore command),
/// prints its path and names it in the history rows; an unconfirmed environment gets none.
/// </summary>
[TestClass]
public sealed class DeployRunbookTests
{
    private const string Orders = "20250211000000_orders";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_production_deploy_writes_a_runbook_with_checksums_rollbacks_data_loss_and_the_restore_command()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("runbook_production", TestContext.CancellationToken);
        File.WriteAllText(Path.Combine(workspace.Migrations, Orders + ".sql"), "create table orders (id int primary key);\ninsert into orders values (1), (2);\n");
        File.WriteAllText(Path.Combine(workspace.Migrations, Orders + "_rollback.sql"), "drop table orders;\n");
        var log = new RecordingLog();
        var settings = workspace.Settings() with { ProjectPath = Path.Combine(workspace.Root, "db.csproj") };

        Assert.IsTrue(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());

        var runbook = Directory.GetFiles(Path.Combine(workspace.Root, "obj", "runbooks")).Single();
        StringAssert.Matches(Path.GetFileName(runbook), new Regex(@"^Production_\d{8}T\d{6}Z_20250210000000\.md$"));
        CollectionAssert.Contains(log.Messages.ToList(), $"Rollback runbook for this deploy: {runbook}", log.ToString());
        var text = File.ReadAllText(runbook);
        var backup = Directory.GetFiles(workspace.BackupDirectory).Single();

        foreach (var (id, forward, rollback) in await ChecksumsAsync(workspace))
        {
            StringAssert.Contains(text, $"| {id} | applied | {forward} | {rollback} |", text);
        }

        var project = Path.Combine(workspace.Root, "db.csproj");
        var rollbackOrders = $"CONFIRM_PRODUCTION=true dotnet msbuild {project} -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration={Orders}";
        var rollbackCustomers = $"CONFIRM_PRODUCTION=true dotnet msbuild {project} -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration={BackupWorkspace.Id}";
        StringAssert.Contains(text, $"1. `{Orders}` — data loss: rolling it back now would destroy table public.orders (2 rows, line 1).\n\n   ```sh\n   {rollbackOrders}\n", text);
        StringAssert.Contains(text, $"2. `{BackupWorkspace.Id}` — data loss: rolling it back now destroys no data.", text);
        StringAssert.Contains(text, rollbackCustomers);
        StringAssert.Contains(text, $"Backup taken before this deploy: `{backup}`");
        StringAssert.Contains(text, $"pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname=\"$PRODUCTION_URL\" '{backup}'");
        StringAssert.Contains(text, $"host 127.0.0.1:{new Npgsql.NpgsqlConnectionStringBuilder(workspace.Url).Port}, database {workspace.Database.Name}");
        CollectionAssert.AreEqual(new[] { $"runbook: {runbook}", $"runbook: {runbook}" }, (await NotesAsync(workspace)).ToArray());

        // The runbook's own rollback command is what undoes it: run as written, the guard stops it at the data loss.
        var rollbackLog = new RecordingLog();
        Assert.IsFalse(await RollbackCommand.RunAsync(settings with { Migration = Orders }, rollbackLog, TestContext.CancellationToken));
        Assert.AreEqual("MIG1011", rollbackLog.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, rollbackLog.ToString());
    }

    [TestMethod]
    public async Task Without_a_backup_the_runbook_says_so_and_an_unconfirmed_environment_gets_none()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("runbook_no_backup", TestContext.CancellationToken);
        var runbooks = Path.Combine(workspace.Root, "custom-runbooks");
        var settings = workspace.Settings() with
        {
            RunbookDirectory = runbooks,
            Environments = [new EnvironmentDeclaration("Production", BackupWorkspace.UrlVariable, ConfirmVariable: "CONFIRM_PRODUCTION")],
        };
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());

        var text = File.ReadAllText(Directory.GetFiles(runbooks).Single());
        StringAssert.Contains(text, "No backup: Backup is not set for this environment.");
        StringAssert.Contains(text, $"1. `{BackupWorkspace.Id}` — data loss: rolling it back now destroys no data.");
        Assert.IsFalse(text.Contains("pg_restore", StringComparison.Ordinal), text);

        // Nothing left to apply: no new runbook.
        Assert.IsTrue(await DeployCommand.RunAsync(settings, new RecordingLog(), TestContext.CancellationToken));
        Assert.AreEqual(1, Directory.GetFiles(runbooks).Length);

        // Staging-like (no ConfirmVariable): none at all.
        await using var staging = await BackupWorkspace.CreateAsync("runbook_unconfirmed", TestContext.CancellationToken);
        var stagingLog = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(staging.Settings() with { Environments = [new EnvironmentDeclaration("Production", BackupWorkspace.UrlVariable)] }, stagingLog, TestContext.CancellationToken), stagingLog.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(staging.Root, "obj", "runbooks")));
        Assert.IsFalse(stagingLog.Messages.Any(message => message.Contains("Rollback runbook", StringComparison.Ordinal)), stagingLog.ToString());
    }

    [TestMethod]
    public async Task A_runbook_that_cannot_be_written_is_MIG1031_with_the_rollback_commands_and_the_deploy_stands()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("runbook_unwritable", TestContext.CancellationToken);
        var blocked = Path.Combine(workspace.Root, "runbooks-is-a-file");
        File.WriteAllText(blocked, "not a folder");
        var project = Path.Combine(workspace.Root, "db.csproj");
        var settings = workspace.Settings() with { ProjectPath = project, RunbookDirectory = blocked };
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());

        var warning = log.Diagnostics.Single(diagnostic => diagnostic.Code == "MIG1031");
        Assert.IsFalse(warning.IsError, log.ToString());
        StringAssert.StartsWith(warning.Message, $"The rollback runbook could not be written to {blocked}{Path.DirectorySeparatorChar}Production_", log.ToString());
        StringAssert.Contains(warning.Message, $"{blocked} is a file, not a folder. The deploy stands", log.ToString());
        StringAssert.Contains(warning.Message, $"To roll back, run, newest first: CONFIRM_PRODUCTION=true dotnet msbuild {project} -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration={BackupWorkspace.Id}", log.ToString());
        Assert.IsFalse(log.Diagnostics.Any(diagnostic => diagnostic.IsError), log.ToString());
        Assert.AreEqual("not a folder", File.ReadAllText(blocked), "the blocking file was touched");
        await using (var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken))
        await using (var exists = new Npgsql.NpgsqlCommand("select to_regclass('public.customers') is not null", connection))
        {
            Assert.IsTrue((bool)(await exists.ExecuteScalarAsync(TestContext.CancellationToken))!, "the deploy did not stand");
        }

        Assert.AreEqual(1, (await NotesAsync(workspace)).Count(note => note is not null && note.StartsWith("runbook: " + blocked, StringComparison.Ordinal)));
    }

    private static async Task<List<(string Id, string Forward, string Rollback)>> ChecksumsAsync(BackupWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("select version || '_' || name, forward_checksum, rollback_checksum from migrations_build.history order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        Assert.AreEqual(2, rows.Count);
        return rows;
    }

    private static async Task<List<string?>> NotesAsync(BackupWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("select notes from migrations_build.history where operation = 'deploy' order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<string?>();
        while (await reader.ReadAsync())
        {
            notes.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return notes;
    }
}
