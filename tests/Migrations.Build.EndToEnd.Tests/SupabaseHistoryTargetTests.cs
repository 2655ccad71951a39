using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// <c>-p:MigrationsSupabaseHistory=true</c> through the packed SDK: DeployMigration creates the Supabase CLI's history
/// table and lists what it applies, RollbackMigration removes the row, and a migration the Supabase history already
/// lists is refused (MIG1062) at its file.
/// </summary>
[TestClass]
public sealed class SupabaseHistoryTargetTests
{
    private const string Customers = "20250210000000_customers";
    private const string Invoices = "20250301000000_invoices";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Deploy_and_rollback_keep_the_Supabase_history_in_step()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_supabase", TestContext.CancellationToken);
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Customers}.sql", "create table customers (id bigint primary key);\n");
        project.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        project.Write($"migrations/{Invoices}.sql", "-- owed\ncreate table invoices (id bigint primary key, customer_id bigint references customers);\n");
        project.Write($"migrations/{Invoices}_rollback.sql", "drop table invoices;\n");

        var deployed = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-p:MigrationsSupabaseHistory=true");

        BuildAssert.Succeeded(deployed);
        StringAssert.Contains(deployed.Output, "Created supabase_migrations.schema_migrations as the Supabase CLI creates it (MigrationsSupabaseHistory=true)");
        StringAssert.Contains(deployed.Output, $"Applied {Invoices} to Staging in ");
        Assert.AreEqual(
            "20250210000000 customers {\"create table customers (id bigint primary key)\"}; 20250301000000 invoices {\"-- owed\ncreate table invoices (id bigint primary key, customer_id bigint references customers)\"}",
            await DatabaseUrls.ScalarAsync(staging, "select string_agg(version || ' ' || name || ' ' || statements::text, '; ' order by version) from supabase_migrations.schema_migrations"));

        var rolledBack = project.Msbuild("RollbackMigration", environment, "-p:MigrationsEnvironment=Staging", "-p:MigrationsSupabaseHistory=true");

        BuildAssert.Succeeded(rolledBack);
        StringAssert.Contains(rolledBack.Output, $"it is pending again, and supabase_migrations.schema_migrations no longer lists it.");
        Assert.AreEqual("20250210000000", await DatabaseUrls.ScalarAsync(staging, "select string_agg(version, ',') from supabase_migrations.schema_migrations"));
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('invoices') is not null"));

        // The Supabase CLI lists it again (supabase migration repair --status applied): deploying it would run it twice.
        await DatabaseUrls.ExecuteAsync(staging, "insert into supabase_migrations.schema_migrations (version, name, statements) values ('20250301000000', 'invoices', '{}')");

        var refused = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging", "-p:MigrationsSupabaseHistory=true");

        BuildAssert.Failed(refused);
        BuildAssert.HasDiagnostic(refused, "error", Path.Combine(project.MigrationsDirectory, Invoices + ".sql"), 1, 1, "MIG1062",
            $"supabase migration list shows {Invoices} as applied on Staging (supabase_migrations.schema_migrations has version 20250301000000), but our history says rolled back: deploying it would run it a second time. "
            + "If the Supabase CLI applied it, take its history as ours with BaselineMigration (-p:MigrationsBaselineFrom=supabase); if it is not applied, remove the row with: supabase migration repair --status reverted 20250301000000",
            project.ProjectPath);
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('invoices') is not null"));
        Assert.AreEqual(1L, await DatabaseUrls.ScalarAsync(staging, "select count(*) from migrations_build.history where status = 'failed' and error like '%(MIG1062), nothing ran'"));
    }
}
