using Migrations.Build.Engine.Commands;

namespace Migrations.Build.Engine.Tests.Commands;

/// <summary>
/// MIG1025: with MSBUILDLOGALLENVIRONMENTVARIABLES set, MSBuild logs the URL variable, password and all. Each command
/// here stops before connecting (an invalid lock wait, or the production gate), after the URL has been read.
/// </summary>
[TestClass]
public sealed class LogExposureCheckTests
{
    private const string LogAll = "MSBUILDLOGALLENVIRONMENTVARIABLES";

    [TestMethod]
    public async Task A_url_with_a_password_is_flagged_naming_its_variable_and_the_remedy()
    {
        using var scenario = new CommandScenario(("SUPABASE_STAGING_URL", CommandScenario.UnusedUrl), (LogAll, "1"));

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging", LockWait = "soon" }, scenario.Log);

        var warning = scenario.Single("MIG1025");
        Assert.IsFalse(warning.IsError);
        Assert.AreEqual(
            "MSBUILDLOGALLENVIRONMENTVARIABLES is set, so MSBuild writes every environment variable into the binary log (-bl) and diagnostic logs: "
            + "they will contain SUPABASE_STAGING_URL, database password included. Unset MSBUILDLOGALLENVIRONMENTVARIABLES (any non-empty value turns it on, even 0), "
            + "or keep those logs as private as the password.",
            warning.Message);
        Assert.DoesNotContain("s3cret", warning.Message);
    }

    [TestMethod]
    [DataRow("true")]
    [DataRow("0")]
    [DataRow(" ")]
    public async Task Any_non_empty_value_counts_as_on_as_it_does_for_msbuild(string value)
    {
        using var scenario = new CommandScenario(("SUPABASE_STAGING_URL", CommandScenario.UnusedUrl), (LogAll, value));

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging", LockWait = "soon" }, scenario.Log);

        scenario.Single("MIG1025");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task The_throwaway_servers_url_counts_too()
    {
        // A bootstrap file that does not exist stops TestMigration on Local before any server is asked for.
        using var scenario = new CommandScenario(("MIGRATIONS_LOCAL_URL", CommandScenario.UnusedUrl), (LogAll, "1"));

        await TestCommand.RunAsync(scenario.Settings with { EnvironmentName = "Local", LocalBootstrap = "missing-bootstrap.sql" }, scenario.Log);

        StringAssert.Contains(scenario.Single("MIG1025").Message, "they will contain MIGRATIONS_LOCAL_URL, database password included.");
        Assert.AreEqual("MIG1019", scenario.Errors.Single());
    }

    [TestMethod]
    public async Task A_password_in_a_key_value_string_counts_too()
    {
        using var scenario = new CommandScenario(("SUPABASE_STAGING_URL", "Host=db.invalid;Username=deploy;Password='a;b''c';Database=app"), (LogAll, "1"));

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging", LockWait = "soon" }, scenario.Log);

        scenario.Single("MIG1025");
    }

    [TestMethod]
    [DataRow("postgres://deploy:s3cret@db.invalid:5432/app", null)]
    [DataRow("postgres://deploy:s3cret@db.invalid:5432/app", "")]
    [DataRow("postgres://deploy@db.invalid:5432/app", "1")]
    public async Task Nothing_is_said_when_the_log_stays_clean_or_there_is_no_password(string url, string? logAll)
    {
        var variables = logAll is null ? new[] { ("SUPABASE_STAGING_URL", url) } : [("SUPABASE_STAGING_URL", url), (LogAll, logAll)];
        using var scenario = new CommandScenario(variables);

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Staging", LockWait = "soon" }, scenario.Log);

        Assert.DoesNotContain("MIG1025", scenario.Log.Codes);
        scenario.Single("MIG1019");
    }

    [TestMethod]
    public async Task Status_of_two_environments_warns_once()
    {
        using var scenario = new CommandScenario(
            ("SUPABASE_STAGING_URL", CommandScenario.UnusedUrl),
            ("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl),
            (LogAll, "1"));

        await StatusCommand.RunAsync(scenario.Settings with { LockWait = "soon" }, scenario.Log);

        StringAssert.Contains(scenario.Single("MIG1025").Message, "they will contain SUPABASE_STAGING_URL,");
        Assert.HasCount(2, scenario.Log.Codes.Where(code => code == "MIG1019").ToList(), "both environments were read");
    }

    [TestMethod]
    public async Task The_warning_comes_even_when_a_gate_refuses_because_the_log_has_the_value_already()
    {
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl), (LogAll, "1"));

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production" }, scenario.Log);

        scenario.Single("MIG1003");
        StringAssert.Contains(scenario.Single("MIG1025").Message, "SUPABASE_PRODUCTION_URL");
    }
}
