using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// BaselineMigration through the packed SDK: a staging database that already holds the first two migrations (built by
/// hand, no history) refuses a baseline one migration too far with the difference, is adopted at the right one, and
/// then takes the rest from DeployMigration; MigrationStatus shows which migrations were baselined.
/// </summary>
[TestClass]
public sealed class BaselineTargetTests
{
    private const string Customers = "20250101000000_customers";
    private const string Invoices = "20250201000000_invoices";
    private const string Refunds = "20250301000000_refunds";
    private const string CustomersForward = "create table customers (id bigint primary key, email text not null);\n";
    private const string InvoicesForward = "create table invoices (id bigint primary key, customer_id bigint not null references customers);\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_database_built_by_hand_is_refused_at_the_wrong_version_adopted_at_the_right_one_and_deployed_on_top()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_baseline", TestContext.CancellationToken);
        await DatabaseUrls.ExecuteAsync(staging, CustomersForward + InvoicesForward);
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var variables = new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out var password),
            ["MIGRATIONS_LOCAL_URL"] = server.AdminConnectionString,
        };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write($"migrations/{Customers}.sql", CustomersForward);
        project.Write($"migrations/{Customers}_rollback.sql", "drop table customers;\n");
        project.Write($"migrations/{Invoices}.sql", InvoicesForward);
        project.Write($"migrations/{Invoices}_rollback.sql", "drop table invoices;\n");
        project.Write($"migrations/{Refunds}.sql", "create table refunds (id bigint primary key, invoice_id bigint not null references invoices);\n");
        project.Write($"migrations/{Refunds}_rollback.sql", "drop table refunds;\n");

        // One migration too far: refused with the difference, nothing recorded as applied.
        var tooFar = project.Msbuild("BaselineMigration", variables, $"-p:Migration={Refunds}", "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(tooFar);
        StringAssert.Contains(tooFar.Output, $"error MIG1050: Staging does not match the migrations up to {Refunds}: table public.refunds: missing; nothing is recorded as applied.");
        Assert.AreEqual("failed", await DatabaseUrls.ScalarAsync(staging, "select string_agg(status, ',') from migrations_build.history where operation = 'baseline'"));

        // The right one, with the environment chosen as for a rollback (Staging without the confirmation).
        var adopted = project.Msbuild("BaselineMigration", variables, $"-p:Migration={Invoices}", "-p:Reason=built by hand before Migrations.Build");
        BuildAssert.Succeeded(adopted);
        StringAssert.Contains(adopted.Output, "BaselineMigration runs on Staging because CONFIRM_PRODUCTION is not set; to baseline Production, run it with CONFIRM_PRODUCTION=true.");
        StringAssert.Contains(adopted.Output, $"Proved Staging's schema equals the replay of the 2 migration(s) up to {Invoices}.");
        StringAssert.Contains(adopted.Output, $"Recorded 2 migration(s) up to {Invoices} as applied on Staging (baselined by ");
        Assert.AreEqual(
            $"{Customers} succeeded; {Invoices} succeeded",
            await DatabaseUrls.ScalarAsync(staging, "select string_agg(version || '_' || name || ' ' || status, '; ' order by id) from migrations_build.history where operation = 'baseline' and status = 'succeeded'"));
        StringAssert.EndsWith((string)(await DatabaseUrls.ScalarAsync(staging, "select max(notes) from migrations_build.history where status = 'succeeded'"))!, $": built by hand before Migrations.Build; proven: the live schema equals the replay of the 2 migration(s) up to {Invoices}");

        // The rest deploys on top, and status tells baselined migrations from deployed ones.
        var deployed = project.Msbuild("DeployMigration", variables, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Succeeded(deployed);
        StringAssert.Contains(deployed.Output, $"Applying {Refunds} (1/1) to Staging…");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('public.refunds') is not null"));

        var status = project.Msbuild("MigrationStatus", variables, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Succeeded(status);
        Assert.IsTrue(status.Lines.Any(line => line.Contains(Invoices, StringComparison.Ordinal) && line.Contains(" applied (baselined) ", StringComparison.Ordinal)), status.ToString());
        Assert.IsTrue(status.Lines.Any(line => line.Contains(Refunds, StringComparison.Ordinal) && line.Contains(" applied ", StringComparison.Ordinal) && !line.Contains("baselined", StringComparison.Ordinal)), status.ToString());

        foreach (var output in new[] { tooFar, adopted, deployed, status })
        {
            Assert.DoesNotContain(password, output.Output, "a password reached the build output");
        }
    }
}
