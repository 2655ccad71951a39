using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// TestMigration on Local through the packed SDK with the throwaway cluster built from another PostgreSQL major
/// version than Staging's (MigrationsLocalBinDirectory; .ci/run installs 13 and 18): the proof runs and says, as a
/// warning, that it was not made on Staging's version.
/// </summary>
[TestClass]
public sealed class ServerVersionTargetTests
{
    private const string Id = "20250101000000_add_customers";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_throwaway_server_of_another_major_version_than_Staging_is_warned_about_with_both_versions()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_versions_staging", TestContext.CancellationToken);
        var target = await PostgresReleases.MajorOfAsync(staging.ConnectionString, TestContext.CancellationToken);
        var other = await PostgresReleases.EnsureOtherThanAsync(target, TestContext.CancellationToken);

        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Id}.sql", "create table customers (id int primary key);\n");
        project.Write($"migrations/{Id}_rollback.sql", "drop table customers;\n");
        var variables = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };

        var result = project.Msbuild("TestMigration", variables, "-p:MigrationsEnvironment=Local", $"-p:MigrationsLocalBinDirectory={other.BinDirectory}");

        BuildAssert.Succeeded(result);
        Assert.IsTrue(
            result.Lines.Any(line => line.Contains($"warning MIG1036: The throwaway Local server runs PostgreSQL {other.Major}, but Staging runs PostgreSQL {target}: ", StringComparison.Ordinal)),
            result.ToString());
        StringAssert.Contains(result.Output, $"Environment: Local — a throwaway database on local cluster from {other.BinDirectory} (found via configuration) at 127.0.0.1:");
        StringAssert.Contains(result.Output, $", PostgreSQL {other.Major}");
        StringAssert.Contains(result.Output, $"Proved {Id} on Local in ");
    }
}
