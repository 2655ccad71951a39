using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// MigrationDrift and the CheckDrift gate through the packed SDK on real PostgreSQL: a Supabase-style project (the
/// sample migrations, MigrationsLocalBootstrap=supabase, so its platform schemas are left out by default) whose
/// Production is declared with CheckDrift="true" and replayed on the test server (MIGRATIONS_LOCAL_URL).
/// </summary>
[TestClass]
public sealed class DriftTargetTests
{
    private const string Billing = "20250210000000_billing_integration_schema";
    private const string LineItems = "20250301000000_add_invoice_line_items";
    private const string HandMade = "index billing.invoices_hand_made_idx: exists on Production but not in its history";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_hand_made_index_is_drift_the_gate_refuses_the_next_deploy_and_the_override_is_recorded()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var production = await server.CreateDatabaseAsync("e2e_drift", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly, """
              <PropertyGroup>
                <MigrationsLocalBootstrap>supabase</MigrationsLocalBootstrap>
              </PropertyGroup>
              <ItemGroup>
                <MigrationEnvironment Include="Production" UrlVariable="SUPABASE_PRODUCTION_URL" ConfirmVariable="CONFIRM_PRODUCTION" CheckDrift="true" />
              </ItemGroup>
            """);
        project.CopySampleMigrations();
        var confirmed = new Dictionary<string, string>
        {
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out var password),
            ["CONFIRM_PRODUCTION"] = "true",
            ["MIGRATIONS_LOCAL_URL"] = server.AdminConnectionString,
        };

        var first = project.Msbuild("DeployMigration", confirmed, $"-p:Migration={Billing}");
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, "No drift on Production: its schema is what its 0 applied migration(s) build");

        await DatabaseUrls.ExecuteAsync(production, "create index invoices_hand_made_idx on billing.invoices (status)");
        var check = project.Msbuild("MigrationDrift", confirmed, "-p:MigrationsEnvironment=Production");
        BuildAssert.Failed(check);
        StringAssert.Contains(check.Output, $"error MIG1040: Drift on Production: {HandMade}");
        StringAssert.Contains(check.Output, "error MIG1042: Production has drifted from its history: 1 difference(s)");
        StringAssert.Contains(check.Output, $"Production   {HandMade.Replace(": ", "  ", StringComparison.Ordinal)}", "the table names the object and what differs");
        Assert.DoesNotContain(password, check.Output);

        var refused = project.Msbuild("DeployMigration", confirmed);
        BuildAssert.Failed(refused);
        StringAssert.Contains(refused.Output, $"error MIG1040: Drift on Production: {HandMade}");
        StringAssert.Contains(refused.Output, "error MIG1042: DeployMigration on Production refused before anything ran: its schema has drifted from its history: 1 difference(s)");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoice_line_items') is not null"), "the refused deploy applied the migration");

        var overridden = project.Msbuild("DeployMigration", confirmed, "-p:MigrationsSkipDriftCheck=true");
        BuildAssert.Succeeded(overridden);
        StringAssert.Contains(overridden.Output, "warning MIG1043: DeployMigration on Production goes ahead without its drift check because MigrationsSkipDriftCheck=true");
        StringAssert.Contains(
            (string)(await DatabaseUrls.ScalarAsync(production, $"select notes from migrations_build.history where version || '_' || name = '{LineItems}'"))!,
            "drift check skipped (MigrationsSkipDriftCheck=true)");
    }
}
