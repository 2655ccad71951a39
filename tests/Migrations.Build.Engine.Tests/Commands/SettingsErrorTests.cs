using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>Every unusable setting ends the command with one MIG1019 (or the code of its real cause) before any connection.</summary>
[TestClass]
public sealed class SettingsErrorTests
{
    [TestMethod]
    public async Task A_lock_wait_that_is_not_a_duration_is_refused_naming_the_property()
    {
        using var scenario = new CommandScenario(("SUPABASE_STAGING_URL", CommandScenario.UnusedUrl));

        var succeeded = await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging", LockWait = "soon" }, scenario.Log);

        Assert.IsFalse(succeeded);
        Assert.AreEqual("MigrationsLockWait 'soon' is not a duration; write it like 500ms, 60s, 5min or 1h.", scenario.Single("MIG1019").Message);
    }

    [TestMethod]
    public async Task An_environment_declared_without_a_url_variable_is_reported_and_left_out()
    {
        using var scenario = new CommandScenario();

        var succeeded = await DeployCommand.RunAsync(
            scenario.Settings with { EnvironmentName = "Qa", Environments = [new EnvironmentDeclaration("Qa", UrlVariable: " ")] },
            scenario.Log);

        Assert.IsFalse(succeeded);
        Assert.AreEqual(
            "MigrationEnvironment 'Qa' has no UrlVariable; name the environment variable that holds its URL, e.g. <MigrationEnvironment Include=\"Qa\" UrlVariable=\"QA_DATABASE_URL\" />.",
            scenario.Single("MIG1019").Message);
        StringAssert.StartsWith(scenario.Single("MIG1002").Message, "MigrationsEnvironment 'Qa' is not a known environment");
    }

    [TestMethod]
    [DataRow("Deploy")]
    [DataRow("Rollback")]
    [DataRow("Resolve")]
    [DataRow("Status")]
    public async Task The_throwaway_environment_is_refused_for_everything_but_test(string operation)
    {
        using var scenario = new CommandScenario(("MIGRATIONS_LOCAL_URL", CommandScenario.UnusedUrl));
        var settings = scenario.Settings with { EnvironmentName = "local", Migration = CommandScenario.MigrationId, ResolveAs = "applied" };

        var succeeded = operation switch
        {
            "Deploy" => await DeployCommand.RunAsync(settings, scenario.Log),
            "Rollback" => await RollbackCommand.RunAsync(settings, scenario.Log),
            "Resolve" => await ResolveCommand.RunAsync(settings, scenario.Log),
            _ => await StatusCommand.RunAsync(settings, scenario.Log),
        };

        Assert.IsFalse(succeeded);
        Assert.AreEqual(
            "Local is a throwaway database that exists only while TestMigration runs; name a real environment with -p:MigrationsEnvironment=Staging (or Production).",
            scenario.Single("MIG1019").Message);
        Assert.DoesNotContain("MIGRATIONS_LOCAL_URL", scenario.Variables.Read, "the throwaway server's URL is never read for a real operation");
    }

    [TestMethod]
    public async Task An_unknown_status_format_is_refused_before_the_folder_is_read()
    {
        using var scenario = new CommandScenario();
        scenario.WriteUnpairedForward();

        var succeeded = await StatusCommand.RunAsync(scenario.Settings with { StatusFormat = "yaml" }, scenario.Log);

        Assert.IsFalse(succeeded);
        Assert.AreEqual("MigrationsStatusFormat 'yaml' is not a status format; use table, json or markdown.", scenario.Single("MIG1019").Message);
        Assert.DoesNotContain("MIG0001", scenario.Log.Codes, "settings are read before the migrations are validated");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("done")]
    [DataRow("succeeded")]
    public async Task A_resolution_other_than_applied_or_rolled_back_is_refused(string? resolveAs)
    {
        using var scenario = new CommandScenario();

        var succeeded = await ResolveCommand.RunAsync(scenario.Settings with { Migration = CommandScenario.MigrationId, ResolveAs = resolveAs }, scenario.Log);

        Assert.IsFalse(succeeded);
        Assert.AreEqual(
            $"As='{resolveAs}' is not a resolution; pass -p:As=applied if the migration's changes are now all in place, or -p:As=rolled_back if they are all undone.",
            scenario.Single("MIG1019").Message);
    }

    [TestMethod]
    public async Task Resolve_needs_the_migration_it_settles()
    {
        using var scenario = new CommandScenario();

        Assert.IsFalse(await ResolveCommand.RunAsync(scenario.Settings with { ResolveAs = "applied" }, scenario.Log));

        Assert.AreEqual(
            "ResolveMigration needs the migration to resolve: -p:Migration=<version_name> -p:As=applied (or rolled_back).",
            scenario.Single("MIG1019").Message);
    }

    [TestMethod]
    public async Task Baseline_needs_the_migration_the_database_is_at()
    {
        using var scenario = new CommandScenario();

        Assert.IsFalse(await BaselineCommand.RunAsync(scenario.Settings with { ResolveReason = "adopting production" }, scenario.Log));

        Assert.AreEqual(
            "BaselineMigration needs the newest migration the database already holds: -p:Migration=<version_name>; every migration up to it is recorded as applied.",
            scenario.Single("MIG1019").Message);
    }

    [TestMethod]
    public async Task Migrations_that_do_not_validate_stop_the_command_before_any_environment_is_resolved()
    {
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl));
        scenario.WriteUnpairedForward();

        Assert.IsFalse(await DeployCommand.RunAsync(scenario.Settings, scenario.Log));

        Assert.AreEqual("MIG0001", scenario.Errors.Single(), scenario.Log.ToString());
        Assert.Contains("The migrations do not validate; fix the errors above before touching a database.", scenario.Log.Messages);
        Assert.DoesNotContain("SUPABASE_PRODUCTION_URL", scenario.Variables.Read);
    }

    [TestMethod]
    public async Task A_missing_url_is_MIG1002_naming_the_variable_to_set()
    {
        using var scenario = new CommandScenario();

        Assert.IsFalse(await RollbackCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging" }, scenario.Log));

        StringAssert.StartsWith(scenario.Single("MIG1002").Message, "Environment Staging needs its URL: set the environment variable SUPABASE_STAGING_URL to postgres://");
    }
}
