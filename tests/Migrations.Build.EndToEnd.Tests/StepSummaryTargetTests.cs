using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// GITHUB_STEP_SUMMARY through the packed SDK: a job's steps — TestMigration on Staging, a deploy to Production with
/// its backup and runbook, a failing deploy, a rollback and MigrationStatus — each append their block to the one
/// file, in order, after what earlier steps wrote, and none of them with the password the URLs hold.
/// </summary>
[TestClass]
public sealed class StepSummaryTargetTests
{
    private const string Accounts = "20250210000000_accounts";
    private const string Broken = "20250301000000_broken";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Each_database_step_appends_its_summary_to_the_job_file()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_summary_staging", TestContext.CancellationToken);
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_summary_production", TestContext.CancellationToken);
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Accounts}.sql", "create table accounts (id int primary key);\n");
        project.Write($"migrations/{Accounts}_rollback.sql", "drop table accounts;\n");
        var summaryFile = Path.Combine(project.Root, "step_summary.md");
        File.WriteAllText(summaryFile, "## Build\nvalidated\n");
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out var stagingPassword),
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out var productionPassword),
            ["MIGRATIONS_LOCAL_URL"] = server.AdminConnectionString,
        };
        var outputs = new List<DotnetResult>();
        DotnetResult Run(string target, params string[] arguments)
        {
            var result = project.Msbuild(target, variables, arguments);
            outputs.Add(result);
            TestContext.WriteLine(result.ToString());
            return result;
        }

        BuildAssert.Succeeded(Run("TestMigration", "-p:MigrationsEnvironment=Staging"));
        variables["CONFIRM_PRODUCTION"] = "true";
        BuildAssert.Succeeded(Run("DeployMigration", "-p:MigrationsEnvironment=Production"));
        variables.Remove("CONFIRM_PRODUCTION");
        var broken = project.Write($"migrations/{Broken}.sql", "create table items (id int);\ninsert into missing_table values (1);\n");
        project.Write($"migrations/{Broken}_rollback.sql", "drop table items;\n");
        var failed = Run("DeployMigration", "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(failed);
        BuildAssert.HasDiagnostic(failed, "error", broken, 2, 13, "MIG1007", "…", project.ProjectPath);
        BuildAssert.Succeeded(Run("RollbackMigration", "-p:MigrationsEnvironment=Staging"));
        // Not BuildAssert.Succeeded: the status table quotes the failed attempt's recorded error in its notes.
        var status = Run("MigrationStatus");
        Assert.AreEqual(0, status.ExitCode, status.ToString());

        var text = File.ReadAllText(summaryFile);
        TestContext.WriteLine(text);
        StringAssert.StartsWith(text, "## Build\nvalidated\n\n### ");
        string[] headings =
        [
            "### ✅ TestMigration on Staging succeeded",
            "### ✅ DeployMigration on Production succeeded",
            "### ❌ DeployMigration on Staging failed",
            "### ✅ RollbackMigration on Staging succeeded",
            "### ✅ MigrationStatus on Staging, Production succeeded",
        ];
        var positions = headings.Select(heading => text.IndexOf(heading + "\n", StringComparison.Ordinal)).ToArray();
        CollectionAssert.DoesNotContain(positions, -1, text);
        CollectionAssert.AreEqual(positions.Order().ToArray(), positions, "the blocks are appended in the order the steps ran");
        var blocks = positions.Select((start, index) => text[start..(index + 1 < positions.Length ? positions[index + 1] : text.Length)]).ToArray();

        StringAssert.Contains(blocks[0], $"| Environment | Staging — host {HostAndPort(staging)}, database {Name(staging)} |");
        StringAssert.Contains(blocks[0], $"| {Accounts} | proven | ");

        var backup = Directory.GetFiles(Path.Combine(project.ProjectDirectory, "obj", "backups"), "Production_*.dump").Single();
        var runbook = Directory.GetFiles(Path.Combine(project.ProjectDirectory, "obj", "runbooks"), "Production_*.md").Single();
        StringAssert.Contains(blocks[1], $"| Environment | Production — host {HostAndPort(production)}, database {Name(production)} |");
        StringAssert.Contains(blocks[1], "| Result | succeeded |");
        StringAssert.Contains(blocks[1], $"| Backup | {backup} |");
        StringAssert.Contains(blocks[1], $"| Runbook | {runbook} |");
        StringAssert.Contains(blocks[1], $"| {Accounts} | applied | ");

        StringAssert.Contains(blocks[2], "| Result | failed: MIG1007 SQL error while applying — ");
        StringAssert.Contains(blocks[2], $"| {Broken} | failed | ");
        StringAssert.Contains(blocks[2], $"\nmigrations/{Broken}.sql(2,13): error MIG1007: ");

        StringAssert.Contains(blocks[3], $"| {Accounts} | rolled back | ");
        StringAssert.Contains(blocks[4], "#### Migration History");
        StringAssert.Contains(blocks[4], "| Production | ");

        foreach (var password in new[] { stagingPassword, productionPassword })
        {
            Assert.DoesNotContain(password, text, "a password reached the step summary");
            Assert.DoesNotContain(Uri.EscapeDataString(password), text, "a password reached the step summary");
        }
    }

    private static string Name(TestDatabase database) => new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;

    private static string HostAndPort(TestDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"{builder.Host}:{builder.Port}";
    }
}
