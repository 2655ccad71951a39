using System.Text.RegularExpressions;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// samples/ci/github-actions.yml is documentation that runs: every <c>run:</c> command names targets, properties and
/// files that exist, the README shows the same commands, and the whole sequence — build, the throwaway replay on the
/// service, TestMigration on Staging, publish, and the deploy of the downloaded artifact to Production with
/// CONFIRM_PRODUCTION=true — succeeds against a local server through the packed SDK.
/// </summary>
[TestClass]
public sealed partial class SampleWorkflowTests
{
    private const string Accounts = "20250210000000_accounts";

    /// <summary>The URL of the workflow's postgres:15 service, which the test points at its own server.</summary>
    private const string ServiceUrl = "postgres://postgres:postgres@localhost:5432/postgres";

    public TestContext TestContext { get; set; } = null!;

    private static readonly string SdkFolder = Path.Combine(RepositoryLayout.Root, "sdk", "Migrations.Build.Sdk", "Sdk");

    [TestMethod]
    public void Every_command_names_targets_properties_and_files_that_exist()
    {
        var steps = SampleWorkflow.Read(SampleWorkflow.GitHubActionsPath);
        var sdkText = string.Concat(Directory.GetFiles(SdkFolder).Select(File.ReadAllText));
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md"));
        var commands = steps.Where(step => step.Run is not null).ToList();
        Assert.IsGreaterThanOrEqualTo(5, commands.Count, "build, two tests, publish, deploy");

        foreach (var step in commands)
        {
            var arguments = step.Run!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual("dotnet", arguments[0], step.Run);
            StringAssert.Contains(readme, step.Run, "the README's copy of the workflow has drifted from samples/ci/github-actions.yml");
            foreach (var target in arguments.Where(argument => argument.StartsWith("-t:", StringComparison.Ordinal)).Select(argument => argument[3..]))
            {
                StringAssert.Contains(sdkText, $"<Target Name=\"{target}\"", $"{step.Name}: no target {target} in the SDK");
            }

            foreach (var property in arguments.Where(argument => argument.StartsWith("-p:", StringComparison.Ordinal)).Select(argument => argument[3..argument.IndexOf('=', StringComparison.Ordinal)]))
            {
                StringAssert.Contains(sdkText, $"$({property})", $"{step.Name}: the SDK reads no property {property}");
            }

            var downloaded = steps.Where(other => other.Job == step.Job && other.Uses?.StartsWith("actions/download-artifact@", StringComparison.Ordinal) == true).Select(other => other.With["path"]).ToList();
            foreach (var projectFile in arguments.Where(argument => argument.EndsWith("proj", StringComparison.Ordinal)))
            {
                Assert.IsTrue(
                    File.Exists(Path.Combine(RepositoryLayout.Root, "samples", projectFile)) || downloaded.Any(folder => projectFile == folder + "/migrations.proj"),
                    $"{step.Name}: {projectFile} is neither a project laid out like samples/ nor the migrations.proj of an artifact the job downloads");
            }

            foreach (var value in step.Environment.Values)
            {
                Assert.IsFalse(value.Contains("${{", StringComparison.Ordinal) && !SecretReference().IsMatch(value), $"{step.Name}: only secrets are expected in env, got {value}");
            }
        }
    }

    [TestMethod]
    public async Task The_whole_workflow_runs_against_a_local_server()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_workflow_staging", TestContext.CancellationToken);
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_workflow_production", TestContext.CancellationToken);
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var secrets = new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _),
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out _),
        };
        var serviceUrl = DatabaseUrls.For(server.AdminConnectionString, out _);

        // The repository: laid out like samples/, the migrations project in Billing.Database/.
        using var repository = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        repository.Write($"migrations/{Accounts}.sql", "create table accounts (id int primary key);\n");
        repository.Write($"migrations/{Accounts}_rollback.sql", "drop table accounts;\n");

        // The deploy job has no checkout: it runs in a folder of its own, with nothing but the downloaded artifact
        // (and this machine's NuGet configuration, which finds the packed SDK as nuget.org would).
        var elsewhere = Path.Combine(Path.GetTempPath(), "mb-runner-" + Guid.NewGuid().ToString("N")[..10]);
        var artifacts = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            string? workspace = null;
            string? job = null;
            foreach (var step in SampleWorkflow.Read(SampleWorkflow.GitHubActionsPath))
            {
                if (step.Job != job)
                {
                    job = step.Job;
                    workspace = null;
                }

                switch (step.Uses?.Split('@')[0])
                {
                    case "actions/checkout":
                        workspace = repository.Root;
                        continue;
                    case "actions/upload-artifact":
                        artifacts[step.With["name"]] = Path.Combine(workspace!, step.With["path"]);
                        continue;
                    case "actions/download-artifact":
                        workspace ??= NewRunnerFolder(elsewhere, repository.Root, step.Job);
                        CopyFolder(artifacts[step.With["name"]], Path.Combine(workspace, step.With["path"]));
                        continue;
                    case not null:
                        continue;
                }

                workspace ??= NewRunnerFolder(elsewhere, repository.Root, step.Job);
                var environment = step.Environment.ToDictionary(
                    pair => pair.Key,
                    pair => pair.Value == ServiceUrl ? serviceUrl : SecretReference().Replace(pair.Value, match => secrets[match.Groups["name"].Value]));
                var arguments = step.Run!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var result = DotnetCli.Run(workspace, environment, arguments[1..]);
                TestContext.WriteLine($"[{step.Job}] {step.Name}");
                TestContext.WriteLine(result.ToString());
                BuildAssert.Succeeded(result);
                if (step.Name == "Deploy to Production")
                {
                    StringAssert.Contains(result.Output, $"Applied {Accounts} to Production in ");
                }
            }

            Assert.AreEqual("deploy succeeded", await DatabaseUrls.ScalarAsync(production, "select string_agg(operation || ' ' || status, ',') from migrations_build.history"));
            Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(production, "select to_regclass('public.accounts') is not null"));
        }
        finally
        {
            if (Directory.Exists(elsewhere))
            {
                Directory.Delete(elsewhere, recursive: true);
            }
        }
    }

    private static string NewRunnerFolder(string elsewhere, string repositoryRoot, string job)
    {
        var folder = Path.Combine(elsewhere, job);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(repositoryRoot, "NuGet.config"), Path.Combine(folder, "NuGet.config"));
        return folder;
    }

    private static void CopyFolder(string source, string destination)
    {
        Assert.IsTrue(Directory.Exists(source), $"the artifact folder {source} was not written");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"\$\{\{\s*secrets\.(?<name>[A-Z_]+)\s*\}\}")]
    private static partial Regex SecretReference();
}
