using System.Globalization;
using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// MigrationsDeploymentWindow through the packed SDK on real PostgreSQL, with windows built around the real clock: one
/// that cannot be open now (10:00-11:00 UTC three and four days away) and one that must be (all of yesterday, today
/// and tomorrow in UTC), so the test holds at any time of day, midnight included.
/// </summary>
[TestClass]
public sealed class DeploymentWindowTargetsTests
{
    private const string Billing = "20250210000000_billing_integration_schema";

    public TestContext TestContext { get; set; } = null!;

    private static string Day(int fromToday) => DateTime.UtcNow.AddDays(fromToday).ToString("ddd", CultureInfo.InvariantCulture);

    [TestMethod]
    public async Task Production_is_refused_outside_the_window_goes_ahead_with_the_override_and_runs_inside_it()
    {
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_window", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        var closed = $"{Day(3)} 10:00-11:00 UTC;{Day(4)} 10:00-11:00 UTC";
        // In the project file a ';' is just text; a Production without RequireTestedOn keeps the window the only gate in question.
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, $"""
              <PropertyGroup>
                <MigrationsDeploymentWindow>{closed}</MigrationsDeploymentWindow>
              </PropertyGroup>
              <ItemGroup>
                <MigrationEnvironment Include="Production" UrlVariable="SUPABASE_PRODUCTION_URL" ConfirmVariable="CONFIRM_PRODUCTION" />
              </ItemGroup>
            """);
        project.CopySampleMigrations();
        var confirmed = new Dictionary<string, string>
        {
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out _),
            ["CONFIRM_PRODUCTION"] = "true",
        };

        var refused = project.Msbuild("DeployMigration", confirmed, $"-p:Migration={Billing}");
        BuildAssert.Failed(refused);
        StringAssert.Contains(refused.Output, $"error MIG1012: DeployMigration on Production is outside the deployment window (MigrationsDeploymentWindow '{closed}'): it is now ");
        StringAssert.Contains(refused.Output, $"-t:DeployMigration -p:Migration={Billing} -p:MigrationsIgnoreWindow=true");
        Assert.DoesNotContain("Environment: Production", refused.Output, "refused before saying where it connects");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('migrations_build') is not null"), "refused, yet the database was touched");

        var overridden = project.Msbuild("DeployMigration", confirmed, $"-p:Migration={Billing}", "-p:MigrationsIgnoreWindow=true");
        BuildAssert.Succeeded(overridden);
        StringAssert.Contains(overridden.Output, "warning MIG1012: DeployMigration on Production is outside the deployment window");
        StringAssert.Contains(overridden.Output, "Going ahead anyway because MigrationsIgnoreWindow=true; this is recorded in Production's history.");
        StringAssert.StartsWith((string)(await DatabaseUrls.ScalarAsync(production, "select notes from migrations_build.history"))!, $"deployment window ignored (MigrationsIgnoreWindow=true): outside '{closed}' at ");

        // On the command line MSBuild splits -p: at ';' and ',', so they are written %3B and %2C; the second window is open now.
        var open = $"{Day(3)} 10:00-11:00 UTC%3B{Day(-1)}%2C{Day(0)}%2C{Day(1)} 00:00-24:00 UTC";
        var inside = project.Msbuild("RollbackMigration", confirmed, $"-p:MigrationsDeploymentWindow={open}");
        BuildAssert.Succeeded(inside);
        Assert.DoesNotContain("MIG1012", inside.Output);
        Assert.DoesNotContain("MIG1019", inside.Output);
        StringAssert.Contains(inside.Output, $"Rolled back {Billing} on Production");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('billing') is not null"));
    }
}
