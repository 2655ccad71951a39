using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// The checklist items "Production backup completed" and "test backup restoration" through the packed SDK: Production
/// (Backup="true") deploys only after a checked backup, a failing backup command refuses the deploy, and
/// VerifyBackup restores the backup into a throwaway database and reports what it holds.
/// </summary>
[TestClass]
public sealed class BackupTargetsTests
{
    private const string Billing = "20250210000000_billing_integration_schema";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Production_deploys_only_after_a_checked_backup_that_VerifyBackup_restores()
    {
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_backup_production", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        await DatabaseUrls.ExecuteAsync(production, "create table public.accounts (id int primary key); insert into public.accounts values (1), (2);");
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var variables = new Dictionary<string, string>
        {
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out var password),
            ["CONFIRM_PRODUCTION"] = "true",
            ["MIGRATIONS_LOCAL_URL"] = server.AdminConnectionString,
        };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var outputs = new List<DotnetResult>();

        // A failing MigrationsBackupCommand (an environment variable is an MSBuild property, and may hold ';').
        const string failing = "echo 'backup bucket unreachable' >&2; exit 3";
        var refused = project.Msbuild("DeployMigration", new Dictionary<string, string>(variables) { ["MigrationsBackupCommand"] = failing }, $"-p:Migration={Billing}.sql", "-p:MigrationsSkipStagingCheck=true");
        outputs.Add(refused);
        BuildAssert.Failed(refused);
        StringAssert.Contains(refused.Output, $"error MIG1010: The backup of Production before DeployMigration failed, so nothing was changed: MigrationsBackupCommand failed: `/bin/sh -c \"{failing}\"` exited with code 3: backup bucket unreachable");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('billing') is not null"));
        Assert.AreEqual("deploy failed", await DatabaseUrls.ScalarAsync(production, "select string_agg(operation || ' ' || status, ',') from migrations_build.history"));

        // The built-in backup: pg_dump -Fc into obj/backups, checked, printed and recorded.
        var deployed = project.Msbuild("DeployMigration", variables, $"-p:Migration={Billing}.sql", "-p:MigrationsSkipStagingCheck=true");
        outputs.Add(deployed);
        BuildAssert.Succeeded(deployed);
        var backup = Directory.GetFiles(Path.Combine(project.ProjectDirectory, "obj", "backups"), "Production_*_deploy_20250210000000.dump").Single();
        StringAssert.Contains(deployed.Output, $"Backed up Production in ");
        StringAssert.Contains(deployed.Output, $": {backup} (");
        Assert.AreEqual(backup, await DatabaseUrls.ScalarAsync(production, "select backup_path from migrations_build.history where status = 'succeeded'"));
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoices') is not null"));

        // -t:VerifyBackup -p:Backup=<file>: restored on a throwaway database, as it was before the deploy.
        var verified = project.Msbuild("VerifyBackup", variables, $"-p:Backup={Path.GetRelativePath(project.ProjectDirectory, backup)}");
        outputs.Add(verified);
        BuildAssert.Succeeded(verified);
        Assert.IsTrue(verified.Lines.Contains("public.accounts: 2 rows"), verified.ToString());
        Assert.IsFalse(verified.Output.Contains("billing.invoices", StringComparison.Ordinal), verified.ToString());
        StringAssert.Contains(verified.Output, $"VerifyBackup: {backup} restores: ");

        foreach (var output in outputs)
        {
            TestContext.WriteLine(output.ToString());
            Assert.DoesNotContain(password, output.Output, "a password reached the build output");
            Assert.DoesNotContain(Uri.EscapeDataString(password), output.Output, "a password reached the build output");
        }
    }
}
