using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// A deploy after a build lexes and analyses nothing the build already validated (it reuses the validation cache in
/// obj/…/migrations), a deploy with nothing pending does not even read the files whose stamps are unchanged (and, the
/// folder being unchanged since the last deploy validated it, reuses that validation whole), and a file edited since
/// is validated again, so its new diagnostic stops the deploy.
/// </summary>
[TestClass]
public sealed class ValidationCacheTargetTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_deploy_reuses_the_builds_validation_and_revalidates_an_edited_file()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_validation_cache", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(staging);
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var files = Directory.GetFiles(project.MigrationsDirectory, "*.sql").Length;

        BuildAssert.Succeeded(project.Build());
        // Past the settle margin (ValidationCache.SettleMargin, 3 s): the first deploy then records every file's stamp.
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.CancellationToken);
        var deploy = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-v:d");
        BuildAssert.Succeeded(deploy);
        StringAssert.Contains(deploy.Output, $"Reused validation of {files} of {files} files");

        var nothingPending = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-v:d");
        BuildAssert.Succeeded(nothingPending);
        StringAssert.Contains(nothingPending.Output, $"Reused validation of {files} of {files} files; {files} were not read");
        // Nothing under the folder changed since that deploy's validation passed: it is reused whole (ValidationManifest).
        StringAssert.Contains(nothingPending.Output, "(validation.manifest), so it was reused whole");

        // Same length, so only the content can tell the edit apart.
        var rollback = Path.Combine(project.MigrationsDirectory, "20250301000000_add_invoice_line_items_rollback.sql");
        var text = File.ReadAllText(rollback);
        File.WriteAllText(rollback, "begin;--" + text[8..]);
        var edited = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-v:d");
        BuildAssert.Failed(edited);
        StringAssert.Contains(edited.Output, $"{rollback}(1,1): error MIG0302: ");
        StringAssert.Contains(edited.Output, $"Reused validation of {files - 2} of {files} files");
        Assert.IsFalse(edited.Output.Contains("validation.manifest", StringComparison.Ordinal), "an edited file is validated again, not reused whole");
    }
}
