using Migrations.Build.Database.Tests.Backups;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Runbooks;

/// <summary>
/// MigrationsHealthCheckCommand after a Production deploy, on real PostgreSQL: exit 0 passes; anything else is MIG1030
/// with the runbook's rollback command and leaves the deploy applied, unless MigrationsRollbackOnFailedHealthCheck=true
/// rolls it back through the normal rollback (recorded, and still behind the data-loss guard).
/// </summary>
[TestClass]
public sealed class DeployHealthCheckTests
{
    private const string Failing = "echo checking the API; echo 'GET /health: 503 Service Unavailable' >&2; exit 7";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_health_check_that_exits_0_passes_and_reaches_the_database_through_PG_variables()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("health_passes", TestContext.CancellationToken);
        var log = new RecordingLog();
        var settings = workspace.Settings() with { HealthCheckCommand = "test \"$PGDATABASE\" = \"" + workspace.Database.Name + "\" && psql -tAc 'select count(*) from customers'" };

        Assert.IsTrue(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());

        CollectionAssert.Contains(log.Messages.ToList(), "Health check passed on Production (exit code 0).", log.ToString());
        Assert.AreEqual(0, log.Diagnostics.Count, log.ToString());
        Assert.AreEqual(true, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
    }

    [TestMethod]
    public async Task Cancelling_during_the_health_check_kills_it_and_says_the_deploy_stands_unchecked_with_its_rollback()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("health_cancelled", TestContext.CancellationToken);
        var marker = Path.Combine(workspace.Root, "health-check-finished");
        var project = Path.Combine(workspace.Root, "db.csproj");
        var settings = workspace.Settings() with { HealthCheckCommand = $"sleep 3 && touch '{marker}'", ProjectPath = project };
        var log = new LineAwaitingLog("Running the health check");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);

        var deploy = DeployCommand.RunAsync(settings, log, cancellation.Token);
        await log.Said.WaitAsync(TestContext.CancellationToken);
        await cancellation.CancelAsync();

        Assert.IsFalse(await deploy, log.ToString());
        var runbook = Directory.GetFiles(Path.Combine(workspace.Root, "obj", "runbooks")).Single();
        CollectionAssert.Contains(
            log.Inner.Messages.ToList(),
            "The health check on Production was stopped by the cancellation before it finished, so the deploy is unchecked. "
            + $"The deploy of {BackupWorkspace.Id} stays applied and recorded. Runbook: {runbook}. To roll back, run, newest first: "
            + $"CONFIRM_PRODUCTION=true dotnet msbuild {project} -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration={BackupWorkspace.Id}",
            log.ToString());
        Assert.AreEqual(true, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
        CollectionAssert.AreEqual(new[] { "deploy succeeded" }, (await HistoryAsync(workspace)).Select(row => row.Split(' ')[0] + " " + row.Split(' ')[1]).ToArray());

        // Killed, not abandoned.
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.CancellationToken);
        Assert.IsFalse(File.Exists(marker), "the health check kept running after the cancellation");
    }

    [TestMethod]
    public async Task A_failing_health_check_is_MIG1030_with_the_rollback_command_and_rolls_nothing_back()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("health_fails", TestContext.CancellationToken);
        var log = new RecordingLog();
        var settings = workspace.Settings() with { HealthCheckCommand = Failing, ProjectPath = Path.Combine(workspace.Root, "db.csproj") };

        Assert.IsFalse(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken));

        var runbook = Directory.GetFiles(Path.Combine(workspace.Root, "obj", "runbooks")).Single();
        var error = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1030", error.Code, log.ToString());
        Assert.AreEqual(
            "Health check failed after deploy to Production: MigrationsHealthCheckCommand exited with code 7; its last output: checking the API | GET /health: 503 Service Unavailable. "
            + $"The deploy of {BackupWorkspace.Id} stays applied. Runbook: {runbook}. To roll back, run, newest first: "
            + $"CONFIRM_PRODUCTION=true dotnet msbuild {settings.ProjectPath} -t:RollbackMigration -p:MigrationsEnvironment=Production -p:Migration={BackupWorkspace.Id} "
            + "(or set MigrationsRollbackOnFailedHealthCheck=true to roll back automatically).",
            error.Message);
        StringAssert.Contains(File.ReadAllText(runbook), $"-p:Migration={BackupWorkspace.Id}");
        Assert.AreEqual(true, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
        CollectionAssert.AreEqual(new[] { "deploy succeeded" }, (await HistoryAsync(workspace)).Select(row => row.Split(' ')[0] + " " + row.Split(' ')[1]).ToArray());
    }

    [TestMethod]
    public async Task With_rollback_on_failure_the_deploy_is_rolled_back_newest_first_and_recorded()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("health_rolls_back", TestContext.CancellationToken);
        File.WriteAllText(Path.Combine(workspace.Migrations, "20250211000000_orders.sql"), "create table orders (id int primary key);\n");
        File.WriteAllText(Path.Combine(workspace.Migrations, "20250211000000_orders_rollback.sql"), "drop table orders;\n");
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings() with { HealthCheckCommand = Failing, RollbackOnFailedHealthCheck = true }, log, TestContext.CancellationToken));

        Assert.AreEqual("MIG1030", log.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, log.ToString());
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('customers') is not null"));
        Assert.AreEqual(false, await workspace.ScalarAsync("select to_regclass('orders') is not null"));
        var history = await HistoryAsync(workspace);
        const string note = "automatic rollback after a failed health check (MigrationsHealthCheckCommand exited with code 7)";
        Assert.AreEqual($"rollback succeeded 20250211000000_orders {note}", history[2]);
        Assert.AreEqual($"rollback succeeded {BackupWorkspace.Id} {note}", history[3]);
        Assert.AreEqual(4, history.Count);
        CollectionAssert.Contains(log.Messages.ToList(), $"Automatic rollback after the failed health check finished: 20250211000000_orders, {BackupWorkspace.Id} rolled back on Production.", log.ToString());
    }

    [TestMethod]
    public async Task An_automatic_rollback_refused_by_the_data_loss_guard_stops_and_says_what_is_still_applied()
    {
        await using var workspace = await BackupWorkspace.CreateAsync("health_guarded", TestContext.CancellationToken);
        File.WriteAllText(Path.Combine(workspace.Migrations, BackupWorkspace.Id + ".sql"), "create table customers (id int primary key);\ninsert into customers values (1);\n");
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(workspace.Settings() with { HealthCheckCommand = Failing, RollbackOnFailedHealthCheck = true }, log, TestContext.CancellationToken));

        CollectionAssert.AreEqual(new[] { "MIG1030", "MIG1011" }, log.Diagnostics.Where(diagnostic => diagnostic.IsError).Select(diagnostic => diagnostic.Code).ToArray(), log.ToString());
        CollectionAssert.Contains(log.Messages.ToList(), $"The automatic rollback stopped at {BackupWorkspace.Id} (see the error above); still applied from this deploy: {BackupWorkspace.Id}. Follow the runbook to finish it.", log.ToString());
        Assert.AreEqual(1L, await workspace.ScalarAsync("select count(*) from customers"));
    }

    /// <summary>History rows as "operation status version_name notes", oldest first.</summary>
    private static async Task<List<string>> HistoryAsync(BackupWorkspace workspace)
    {
        await using var connection = await workspace.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select operation || ' ' || status || ' ' || version || '_' || name || coalesce(' ' || notes, '') from migrations_build.history order by id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
