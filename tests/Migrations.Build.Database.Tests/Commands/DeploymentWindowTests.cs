using Migrations.Build.Engine.Commands;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Commands;

/// <summary>
/// MIG1012 through the engine's commands on real PostgreSQL, with the clock fixed on Monday 2026-11-30 12:40 UTC
/// (outside) or Saturday 2026-11-28 02:30 UTC (inside) a Saturday-night window.
/// </summary>
[TestClass]
public sealed class DeploymentWindowTests
{
    private const string Id = "20250210000000_customers";
    private const string Window = "Sat 02:00-04:00 UTC";
    private const string Outside = "2026-11-30 12:40";
    private const string Inside = "2026-11-28 02:30";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Outside_the_window_a_production_deploy_is_refused_before_it_touches_the_database()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("window_out", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(Production(folder, database, Outside), log, TestContext.CancellationToken));

        var refusal = log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1012", refusal.Code, log.ToString());
        StringAssert.StartsWith(refusal.Message, "DeployMigration on Production is outside the deployment window (MigrationsDeploymentWindow 'Sat 02:00-04:00 UTC'): it is now Mon 12:40 UTC. The next window opens Sat 2026-12-05 02:00 UTC");
        Assert.IsFalse(log.Messages.Any(message => message.StartsWith("Environment: ", StringComparison.Ordinal)), "refused before saying where it connects");
        Assert.AreEqual(false, await ScalarAsync(database, "select to_regnamespace('migrations_build') is not null"), "the history schema was created: the database was touched");
        Assert.AreEqual(false, await ScalarAsync(database, "select to_regclass('public.customers') is not null"));
    }

    [TestMethod]
    public async Task Inside_the_window_a_production_deploy_and_rollback_run_with_nothing_noted()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("window_in", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var log = new RecordingLog();

        Assert.IsTrue(await DeployCommand.RunAsync(Production(folder, database, Inside), log, TestContext.CancellationToken), log.ToString());
        Assert.IsTrue(await RollbackCommand.RunAsync(Production(folder, database, Inside), log, TestContext.CancellationToken), log.ToString());

        Assert.IsFalse(log.Codes.Contains("MIG1012"), log.ToString());
        Assert.AreEqual("deploy succeeded ; rollback succeeded ", await HistoryWithoutRunbookAsync(database, folder));
    }

    [TestMethod]
    public async Task Outside_the_window_a_production_rollback_is_refused_and_the_migration_stays()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("window_rb", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(Production(folder, database, Inside), log, TestContext.CancellationToken), log.ToString());

        log = new RecordingLog();
        Assert.IsFalse(await RollbackCommand.RunAsync(Production(folder, database, Outside), log, TestContext.CancellationToken));

        Assert.AreEqual("MIG1012", log.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, log.ToString());
        StringAssert.StartsWith(log.Diagnostics.Single().Message, "RollbackMigration on Production is outside the deployment window");
        Assert.AreEqual(true, await ScalarAsync(database, "select to_regclass('public.customers') is not null"));
        Assert.AreEqual(1L, await ScalarAsync(database, "select count(*) from migrations_build.history"));
    }

    [TestMethod]
    public async Task The_override_deploys_and_rolls_back_outside_the_window_loudly_and_on_the_record()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("window_ignore", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var log = new RecordingLog();
        var settings = Production(folder, database, Outside) with { IgnoreWindow = true };

        Assert.IsTrue(await DeployCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());
        Assert.IsTrue(await RollbackCommand.RunAsync(settings, log, TestContext.CancellationToken), log.ToString());

        var warnings = log.Diagnostics.Where(diagnostic => diagnostic.Code == "MIG1012").ToList();
        Assert.HasCount(2, warnings, log.ToString());
        Assert.IsTrue(warnings.All(warning => !warning.IsError));
        StringAssert.Contains(warnings[0].Message, "Going ahead anyway because MigrationsIgnoreWindow=true; this is recorded in Production's history.");
        const string note = "deployment window ignored (MigrationsIgnoreWindow=true): outside 'Sat 02:00-04:00 UTC' at Mon 12:40 UTC";
        Assert.AreEqual($"deploy succeeded {note}; rollback succeeded {note}", await HistoryWithoutRunbookAsync(database, folder));
    }

    [TestMethod]
    public async Task Staging_ignores_the_window_but_not_a_window_that_cannot_be_read()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("window_staging", TestContext.CancellationToken);
        using var folder = new TempMigrations(Id);
        var staging = Production(folder, database, Outside) with { EnvironmentName = "Staging", ReadVariable = name => name == "SUPABASE_STAGING_URL" ? database.ConnectionString : null };
        var log = new RecordingLog();

        Assert.IsFalse(await DeployCommand.RunAsync(staging with { DeploymentWindow = "Sat 02:00-04:00 Europe/Berln" }, log, TestContext.CancellationToken));
        Assert.AreEqual("MIG1019", log.Diagnostics.Single(diagnostic => diagnostic.IsError).Code, log.ToString());
        Assert.AreEqual(false, await ScalarAsync(database, "select to_regnamespace('migrations_build') is not null"));

        log = new RecordingLog();
        Assert.IsTrue(await DeployCommand.RunAsync(staging, log, TestContext.CancellationToken), log.ToString());
        Assert.IsFalse(log.Codes.Contains("MIG1012"));
    }

    /// <summary>A confirmed Production with no RequireTestedOn, so the window is the gate under test.</summary>
    private static OperationSettings Production(TempMigrations folder, TestDatabase database, string now) => new()
    {
        MigrationsDirectory = folder.Root,
        EnvironmentName = "Production",
        Environments = [new EnvironmentDeclaration("Production", "SUPABASE_PRODUCTION_URL", "CONFIRM_PRODUCTION")],
        ReadVariable = name => name switch
        {
            "SUPABASE_PRODUCTION_URL" => database.ConnectionString,
            "CONFIRM_PRODUCTION" => "true",
            _ => null,
        },
        DeploymentWindow = Window,
        Clock = FixedClock.AtUtc(now),
        RunbookDirectory = Path.Combine(folder.Root, "runbooks"),
    };

    /// <summary>
    /// Each history row as "operation status notes", joined by "; ", without the runbook note a Production deploy adds
    /// (checked here to point into the test's folder): the notes under test are the window's.
    /// </summary>
    private static async Task<string> HistoryWithoutRunbookAsync(TestDatabase database, TempMigrations folder)
    {
        var history = (string)(await ScalarAsync(database, "select string_agg(operation || ' ' || status || ' ' || coalesce(notes, ''), '; ' order by id) from migrations_build.history"))!;
        StringAssert.Contains(history, "runbook: " + Path.Combine(folder.Root, "runbooks"));
        return System.Text.RegularExpressions.Regex.Replace(history, "(; )?runbook: [^;]*", string.Empty);
    }

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
