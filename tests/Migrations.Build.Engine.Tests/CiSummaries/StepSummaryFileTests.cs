using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Tests.Commands;

namespace Migrations.Build.Engine.Tests.CiSummaries;

/// <summary>
/// The step summary as a command writes it, up to the point of connecting: refused by a gate, appended to what the
/// job's earlier steps wrote, never with the password, and a warning (not a failure) when the file cannot be written.
/// </summary>
[TestClass]
public sealed class StepSummaryFileTests
{
    public TestContext TestContext { get; set; } = null!;

    private readonly List<string> folders = [];

    private string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mb-summary-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        folders.Add(folder);
        TestContext.WriteLine(folder);
        return folder;
    }

    [TestCleanup]
    public void DeleteFolders()
    {
        foreach (var folder in folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task A_gate_refusal_is_appended_after_earlier_steps_without_the_password()
    {
        var file = Path.Combine(Folder(), "step_summary.md");
        File.WriteAllText(file, "## Build\nearlier step\n");
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl), ("GITHUB_STEP_SUMMARY", file));

        var succeeded = await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production" }, scenario.Log);

        Assert.IsFalse(succeeded);
        var text = File.ReadAllText(file);
        StringAssert.StartsWith(text, "## Build\nearlier step\n\n### ❌ DeployMigration on Production failed\n");
        StringAssert.Contains(text, "| Environment | Production — host db.invalid:5432, database app |");
        StringAssert.Contains(text, "| Result | failed: MIG1003 Production not confirmed — ");
        StringAssert.Contains(text, "\nerror MIG1003: ");
        Assert.DoesNotContain("s3cret", text);
    }

    [TestMethod]
    public async Task Overrides_are_listed_for_a_deploy()
    {
        var file = Path.Combine(Folder(), "step_summary.md");
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl), ("GITHUB_STEP_SUMMARY", file));

        await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production", SkipStagingCheck = true, AllowDataLoss = true }, scenario.Log);

        StringAssert.Contains(File.ReadAllText(file), "> Overrides used: **MigrationsSkipStagingCheck=true**, **MigrationsAllowDataLoss=true**");
    }

    [TestMethod]
    public async Task A_skipped_drift_check_is_listed_with_the_overrides_of_a_rollback()
    {
        var file = Path.Combine(Folder(), "step_summary.md");
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl), ("GITHUB_STEP_SUMMARY", file));

        await RollbackCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production", SkipDriftCheck = true }, scenario.Log);

        StringAssert.Contains(File.ReadAllText(file), "> Overrides used: **MigrationsSkipDriftCheck=true**");
    }

    [TestMethod]
    public async Task A_summary_pointing_at_a_directory_is_a_warning_and_the_result_stands()
    {
        var directory = Folder();
        using var scenario = new CommandScenario(("SUPABASE_PRODUCTION_URL", CommandScenario.UnusedUrl), ("GITHUB_STEP_SUMMARY", directory));

        var succeeded = await DeployCommand.RunAsync(scenario.Settings with { EnvironmentName = "Production" }, scenario.Log);

        Assert.IsFalse(succeeded);
        var warning = scenario.Single("MIG1033");
        Assert.IsFalse(warning.IsError);
        Assert.AreEqual(
            $"The CI step summary could not be appended to {directory} (GITHUB_STEP_SUMMARY): it is a directory, not a file. The operation's result is not affected; point GITHUB_STEP_SUMMARY at a writable file, or unset it.",
            warning.Message);
        CollectionAssert.AreEqual(new[] { "MIG1003" }, scenario.Errors.ToArray(), "the summary must not add an error of its own");
    }

    [TestMethod]
    public async Task A_summary_in_a_missing_folder_is_a_warning_naming_the_folder()
    {
        var missing = Path.Combine(Folder(), "gone");
        using var scenario = new CommandScenario(("GITHUB_STEP_SUMMARY", Path.Combine(missing, "step_summary.md")));

        var succeeded = await StatusCommand.RunAsync(scenario.Settings, scenario.Log);

        Assert.IsTrue(succeeded, scenario.Log.ToString());
        StringAssert.Contains(scenario.Single("MIG1033").Message, $"its folder {missing} does not exist.");
        Assert.IsFalse(Directory.Exists(missing), "the summary never creates folders: the runner owns that file");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public async Task Nothing_is_written_when_the_variable_is_blank(string value)
    {
        using var scenario = new CommandScenario(("GITHUB_STEP_SUMMARY", value));
        var before = Directory.GetCurrentDirectory();

        var succeeded = await StatusCommand.RunAsync(scenario.Settings, scenario.Log);

        Assert.IsTrue(succeeded, scenario.Log.ToString());
        Assert.IsFalse(scenario.Log.Codes.Contains("MIG1033"), scenario.Log.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(before, value)) && !string.IsNullOrEmpty(value), "a blank path must not become a file");
    }

    [TestMethod]
    public async Task Status_without_any_url_summarises_the_migrations_on_disk()
    {
        var file = Path.Combine(Folder(), "step_summary.md");
        using var scenario = new CommandScenario(("GITHUB_STEP_SUMMARY", file));

        Assert.IsTrue(await StatusCommand.RunAsync(scenario.Settings, scenario.Log), scenario.Log.ToString());

        var text = File.ReadAllText(file);
        StringAssert.StartsWith(text, "\n### ✅ MigrationStatus on none (no URL set; the migrations on disk) succeeded\n");
        StringAssert.Contains(text, "#### Migration History");
        StringAssert.Contains(text, "| billing | Pending |");
    }

    [TestMethod]
    public async Task A_summary_that_fails_unexpectedly_is_a_warning_not_a_crash()
    {
        using var scenario = new CommandScenario();
        var settings = scenario.Settings with { ReadVariable = name => name == "GITHUB_STEP_SUMMARY" ? throw new InvalidOperationException("the environment vanished") : null };

        var succeeded = await StatusCommand.RunAsync(settings, scenario.Log);

        Assert.IsTrue(succeeded, scenario.Log.ToString());
        Assert.AreEqual(
            "The CI step summary could not be appended to the file (GITHUB_STEP_SUMMARY): InvalidOperationException: the environment vanished. The operation's result is not affected; point GITHUB_STEP_SUMMARY at a writable file, or unset it.",
            scenario.Single("MIG1033").Message);
    }
}
