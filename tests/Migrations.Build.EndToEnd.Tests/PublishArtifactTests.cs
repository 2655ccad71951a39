using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// Build once, deploy many: `dotnet publish` writes $(PublishDir)migrations/, and that folder, copied to a place
/// where the source project does not exist, deploys with nothing but the .NET SDK and the package feed.
/// </summary>
[TestClass]
public sealed class PublishArtifactTests
{
    private const string Customers = "20250101000000_customers";
    private const string Orders = "20250201000000_orders";

    /// <summary>A project setting full of MSBuild and XML metacharacters, which must reach the artifact unchanged.</summary>
    private const string AwkwardCommand = "pg_dump --file=\"out/50%.dump\" $(Secret) @(Items); echo 'done' <ok> & *";

    /// <summary><see cref="AwkwardCommand"/> as a user writes it in a project file, MSBuild's own characters escaped.</summary>
    private const string AwkwardCommandInProject = "pg_dump --file=\"out/50%25.dump\" %24(Secret) %40(Items)%3B echo 'done' <ok> & *";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_copied_artifact_deploys_reports_status_and_refuses_a_tampered_file_without_the_repository()
    {
        await using var qa = await PostgresServer.CreateDatabaseAsync("e2e_artifact", TestContext.CancellationToken);
        var site = Path.Combine(Path.GetTempPath(), "mb-artifact-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            string artifact;
            using (var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, $"""
                <PropertyGroup>
                  <MigrationsHistorySchema>deploy_log</MigrationsHistorySchema>
                  <MigrationsRollbackDirectory>rollbacks</MigrationsRollbackDirectory>
                  <MigrationsBackupCommand>{System.Security.SecurityElement.Escape(AwkwardCommandInProject)}</MigrationsBackupCommand>
                </PropertyGroup>
                <ItemGroup>
                  <MigrationEnvironment Include="QA" UrlVariable="QA_DATABASE_URL" />
                </ItemGroup>
                """))
            {
                project.Write($"migrations/{Customers}.sql", "create table customers (id int primary key);\n");
                project.Write($"rollbacks/{Customers}_rollback.sql", "drop table customers;\n");
                project.Write($"migrations/{Orders}.sql", "create table orders (id int primary key, customer_id int references customers (id));\n");
                project.Write($"rollbacks/{Orders}_rollback.sql", "drop table orders;\n");
                project.Write("migrations/README.md", "How we write migrations.\n");

                // A value given on the publish command line is a one-off: it must not be baked into the artifact.
                var publish = DotnetCli.Run(project.ProjectDirectory, "publish", project.ProjectPath, "-o", Path.Combine(project.Root, "out"), "-p:MigrationsLockWait=5s", "-nodeReuse:false", "-tl:off", "-clp:NoSummary");
                BuildAssert.Succeeded(publish);
                StringAssert.Contains(publish.Output, $"Published 2 migration(s) to {Path.Combine(project.Root, "out", "migrations")}; deploy them from any copy of that folder with: dotnet msbuild ");

                // Only the artifact travels: a new folder with the feed's NuGet.config, and the repository gone.
                Directory.CreateDirectory(site);
                File.Copy(Path.Combine(project.Root, "NuGet.config"), Path.Combine(site, "NuGet.config"));
                CopyDirectory(Path.Combine(project.Root, "out", "migrations"), Path.Combine(site, "migrations"));
                artifact = Path.Combine(site, "migrations", "migrations.proj");
            }

            CollectionAssert.AreEquivalent(
                new[] { $"{Customers}.sql", $"{Orders}.sql", $"rollback/{Customers}_rollback.sql", $"rollback/{Orders}_rollback.sql", "migrations.json", "migrations.proj" },
                Directory.EnumerateFiles(Path.Combine(site, "migrations"), "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(Path.Combine(site, "migrations"), path).Replace('\\', '/')).ToArray());
            var settings = Run(site, [], "msbuild", artifact, "-getProperty:MigrationsBackupCommand", "-getProperty:MigrationsLockWait");
            Assert.AreEqual(0, settings.ExitCode, settings.ToString());
            using (var json = System.Text.Json.JsonDocument.Parse(settings.Output[settings.Output.IndexOf('{', StringComparison.Ordinal)..(settings.Output.LastIndexOf('}') + 1)]))
            {
                var properties = json.RootElement.GetProperty("Properties");
                Assert.AreEqual(AwkwardCommand, properties.GetProperty("MigrationsBackupCommand").GetString());
                Assert.AreEqual(string.Empty, properties.GetProperty("MigrationsLockWait").GetString());
            }

            var environment = new Dictionary<string, string> { ["QA_DATABASE_URL"] = DatabaseUrls.For(qa, out _) };
            var first = Run(site, environment, "msbuild", artifact, "-t:DeployMigration", "-p:MigrationsEnvironment=QA", $"-p:Migration={Customers}");
            BuildAssert.Succeeded(first);
            StringAssert.Contains(first.Output, $"Applied {Customers} to QA in ");

            var status = Run(site, environment, "msbuild", Path.Combine(site, "migrations"), "-t:MigrationStatus", "-p:MigrationsEnvironment=QA");
            BuildAssert.Succeeded(status);
            Assert.IsTrue(status.Lines.Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, $@"^QA\s+{Orders}\s+pending$")), status.ToString());

            // An artifact edited after publishing is refused before anything runs.
            var orders = Path.Combine(site, "migrations", $"{Orders}.sql");
            File.WriteAllText(orders, "create table orders (id int primary key);\n");
            var tampered = Run(site, environment, "msbuild", artifact, "-t:DeployMigration", "-p:MigrationsEnvironment=QA");
            BuildAssert.Failed(tampered);
            BuildAssert.HasDiagnostic(tampered, "error", orders, 1, 1, "MIG0014", $"{Orders}.sql does not match the artifact's manifest: it was published with checksum …", artifact);
            Assert.AreEqual("20250101000000", await DatabaseUrls.ScalarAsync(qa, "select string_agg(version, ',' order by version) from deploy_log.history where operation = 'deploy' and status = 'succeeded'"));
            Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(qa, "select to_regclass('public.orders') is not null"));

            // A new migration belongs in the project, not in the artifact, whose manifest would refuse it.
            var before = Directory.GetFileSystemEntries(Path.Combine(site, "migrations")).Order().ToArray();
            var scaffold = Run(site, environment, "msbuild", artifact, "-t:NewMigration", "-p:Name=add_invoices");
            BuildAssert.Failed(scaffold);
            Assert.IsTrue(scaffold.Lines.Any(line => line.StartsWith($"{artifact} : error MIG0018: This folder is a published migrations artifact ({Path.Combine(site, "migrations", "migrations.json")}): ", StringComparison.Ordinal)), scaffold.ToString());
            CollectionAssert.AreEqual(before, Directory.GetFileSystemEntries(Path.Combine(site, "migrations")).Order().ToArray(), scaffold.ToString());

            // Put back as published, the artifact deploys the rest.
            File.WriteAllText(orders, "create table orders (id int primary key, customer_id int references customers (id));\n");
            var rest = Run(site, environment, "msbuild", artifact, "-t:DeployMigration", "-p:MigrationsEnvironment=QA");
            BuildAssert.Succeeded(rest);
            Assert.AreEqual("20250101000000,20250201000000", await DatabaseUrls.ScalarAsync(qa, "select string_agg(version, ',' order by version) from deploy_log.history where operation = 'deploy' and status = 'succeeded'"));
        }
        finally
        {
            TryDelete(site);
        }
    }

    [TestMethod]
    public async Task An_application_publish_carries_its_migrations_and_can_deploy_them_on_publish()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_app_publish", TestContext.CancellationToken);
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };
        using var project = ConsumerProject.Create(ConsumerKind.InsideApplication);
        project.Write($"migrations/{Customers}.sql", "create table customers (id int primary key);\n");
        project.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        var output = Path.Combine(project.Root, "out");

        var publish = DotnetCli.Run(project.ProjectDirectory, environment, "publish", project.ProjectPath, "-o", output, "-p:DeployMigrationsOnPublish=true", "-p:MigrationsEnvironment=Staging", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-v:d");

        BuildAssert.Succeeded(publish);
        // From the package, validating, publishing, checking the artifact and deploying all run in the build's own
        // process: a publish starts no task host.
        StringAssert.Contains(publish.Output, "Task \"PublishMigrations\"", publish.ToString());
        Assert.DoesNotContain("Launching task", publish.Output, publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(output, "Billing.Database.dll")), publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(output, "migrations", "migrations.json")), publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(output, "migrations", $"{Customers}_rollback.sql")), publish.ToString());
        StringAssert.Contains(publish.Output, $"Applied {Customers} to Staging in ");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('public.customers') is not null"));

        // A deploy that fails fails the publish.
        var failing = project.Write($"migrations/{Orders}.sql", "create table orders (id int references missing_table (id));\n");
        project.Write($"migrations/{Orders}_rollback.sql", "drop table orders;\n");
        var failed = DotnetCli.Run(project.ProjectDirectory, environment, "publish", project.ProjectPath, "-o", output, "-p:DeployMigrationsOnPublish=true", "-p:MigrationsEnvironment=Staging", "-nodeReuse:false", "-tl:off", "-clp:NoSummary");
        BuildAssert.Failed(failed);
        Assert.IsTrue(failed.Lines.Any(line => line.StartsWith(failing + "(1,", StringComparison.Ordinal) && line.Contains(": error MIG1007: ", StringComparison.Ordinal)), failed.ToString());
    }

    private static DotnetResult Run(string directory, Dictionary<string, string> environment, params string[] arguments) =>
        DotnetCli.Run(directory, environment, [.. arguments, "-nodeReuse:false", "-tl:off", "-nologo", "-clp:NoSummary"]);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it would hide the real result.
        }
    }
}
