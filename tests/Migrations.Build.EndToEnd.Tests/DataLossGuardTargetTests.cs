using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// The workflow's "check data dependencies before rollback", through the packed SDK: a Production rollback of the sample
/// billing schema once customers exist is refused with MIG1011 naming the table and its rows, and goes through with
/// <c>-p:MigrationsAllowDataLoss=true</c>, recorded in history.
/// </summary>
[TestClass]
public sealed class DataLossGuardTargetTests
{
    private const string Billing = "20250210000000_billing_integration_schema";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_production_rollback_that_drops_rows_is_refused_until_the_loss_is_allowed()
    {
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_dataloss", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        var confirmed = new Dictionary<string, string>
        {
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out _),
            ["CONFIRM_PRODUCTION"] = "true",
        };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        BuildAssert.Succeeded(project.Msbuild("DeployMigration", confirmed, $"-p:Migration={Billing}", "-p:MigrationsSkipStagingCheck=true"));
        await DatabaseUrls.ScalarAsync(production, "insert into billing.customers (user_id, stripe_customer_id) values (gen_random_uuid(), 'cus_A1'), (gen_random_uuid(), 'cus_B2')");

        var refused = project.Msbuild("RollbackMigration", confirmed, $"-p:Migration={Billing}");

        BuildAssert.Failed(refused);
        BuildAssert.HasDiagnostic(refused, "error", Path.Combine(project.MigrationsDirectory, Billing + "_rollback.sql"), 57, 1, "MIG1011",
            $"Rolling back {Billing} on Production would destroy data the database holds now: table billing.customers (2 rows, line 57). "
            + "Rows written since the migration was deployed would go with it. Copy what must be kept first (pg_dump -t, or CREATE TABLE … AS), or, if losing it is intended, "
            + "pass -p:MigrationsAllowDataLoss=true (recorded in Production's history).",
            project.ProjectPath);
        Assert.AreEqual(2L, await DatabaseUrls.ScalarAsync(production, "select count(*) from billing.customers"));

        var allowed = project.Msbuild("RollbackMigration", confirmed, $"-p:Migration={Billing}", "-p:MigrationsAllowDataLoss=true");

        BuildAssert.Succeeded(allowed);
        StringAssert.Contains(allowed.Output, "warning MIG1011: ");
        StringAssert.Contains(allowed.Output, $"WARNING: data loss allowed (MigrationsAllowDataLoss=true): {Billing} destroys table billing.customers (2 rows, line 57).");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('billing') is not null"));
        Assert.AreEqual(
            $"data loss allowed (MigrationsAllowDataLoss=true): {Billing} destroys table billing.customers (2 rows, line 57)",
            await DatabaseUrls.ScalarAsync(production, "select notes from migrations_build.history where operation = 'rollback' and status = 'succeeded'"));
    }
}
