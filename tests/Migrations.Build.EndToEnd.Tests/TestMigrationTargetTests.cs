using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// TestMigration through the packed SDK: on a throwaway Local database when no staging URL is set (the server comes
/// from local PostgreSQL binaries here), on Staging when it is — and the production gate that depends on it.
/// </summary>
[TestClass]
public sealed class TestMigrationTargetTests
{
    private const string Billing = "20250210000000_billing_integration_schema";
    private const string LineItems = "20250301000000_add_invoice_line_items";

    public TestContext TestContext { get; set; } = null!;

    private static readonly Dictionary<string, string> NoVariables = new();

    private static ConsumerProject SampleWithSupabaseBootstrap() =>
        ConsumerProject.Create(ConsumerKind.MigrationsOnly, "<PropertyGroup><MigrationsLocalBootstrap>supabase</MigrationsLocalBootstrap></PropertyGroup>");

    [TestMethod]
    public void With_no_environment_variables_the_sample_chain_is_proven_on_a_throwaway_database()
    {
        using var project = SampleWithSupabaseBootstrap();
        project.CopySampleMigrations();

        var result = project.Msbuild("TestMigration", NoVariables);

        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "SUPABASE_STAGING_URL is not set, so TestMigration runs on Local");
        StringAssert.Contains(result.Output, $"Proved {Billing} on Local in ");
        StringAssert.Contains(result.Output, $"Proved {LineItems} on Local in ");
        StringAssert.Contains(result.Output, "the throwaway database is dropped");
    }

    [TestMethod]
    public void A_rollback_that_leaves_a_policy_behind_fails_with_the_difference()
    {
        using var project = ConsumerProject.Create(ConsumerKind.InsideApplication);
        project.Write("migrations/20250210000000_accounts.sql", "create table accounts (id int primary key, owner text);\nalter table accounts enable row level security;\ncreate policy accounts_owner on accounts using (owner = current_user);\n");
        var rollback = project.Write("migrations/20250210000000_accounts_rollback.sql", "-- migrations:disable-file MIG0202 the policy goes with the table, or so we think\nalter table accounts disable row level security;\n");

        var result = project.Msbuild("TestMigration", NoVariables);

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", rollback, 1, 1, "MIG1009", "The rollback of 20250210000000_accounts did not restore the schema (1 difference); make the rollback undo exactly what the forward does:", project.ProjectPath);
        Assert.IsTrue(result.Lines.Any(line => line.Contains("error MIG1009:     table public.accounts: exists after rollback but not before", StringComparison.Ordinal)), result.ToString());
    }

    [TestMethod]
    public void MigrationsVerify_proves_the_chain_during_build_and_only_when_something_changed()
    {
        using var project = SampleWithSupabaseBootstrap();
        project.CopySampleMigrations();

        var first = project.Build("-p:MigrationsVerify=true", "-v:n");
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, $"Proved {LineItems} on Local");

        var second = project.Build("-p:MigrationsVerify=true", "-v:d");
        BuildAssert.Succeeded(second);
        StringAssert.Contains(second.Output, "Skipping target \"_VerifyMigrationsDuringBuild\" because all output files are up-to-date");

        var rollback = Path.Combine(project.MigrationsDirectory, LineItems + "_rollback.sql");
        File.WriteAllText(rollback, File.ReadAllText(rollback).Replace("alter table billing.invoices\n  drop column amount_tax;", "select 1; -- the column is left behind", StringComparison.Ordinal));
        var third = project.Build("-p:MigrationsVerify=true");
        BuildAssert.Failed(third);
        StringAssert.Contains(third.Output, "error MIG1009: The rollback of " + LineItems + " did not restore the schema");
        StringAssert.Contains(third.Output, "column billing.invoices.amount_tax: exists after rollback but not before");
    }

    [TestMethod]
    public async Task Production_takes_only_migrations_proven_on_staging_with_the_same_files()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_test_staging", TestContext.CancellationToken);
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_test_production", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(staging);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        var variables = new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _),
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out _),
            ["CONFIRM_PRODUCTION"] = "true",
        };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();

        var untested = project.Msbuild("DeployMigration", variables);
        BuildAssert.Failed(untested);
        StringAssert.Contains(untested.Output, $"error MIG1004: Migration {Billing} has no passed TestMigration on Staging");

        // node scripts/migration-manager.js test 20250210000000_billing_integration_schema.sql — as a target.
        var tested = project.Msbuild("TestMigration", variables, $"-p:Migration={Billing}.sql");
        BuildAssert.Succeeded(tested);
        StringAssert.Contains(tested.Output, $"Proved {Billing} on Staging in ");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('billing.invoices') is not null"), "staging ends up with the migration applied");

        var deployed = project.Msbuild("DeployMigration", variables, $"-p:Migration={Billing}.sql");
        BuildAssert.Succeeded(deployed);
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoices') is not null"));

        // The second migration, tested and then edited: the test no longer counts.
        BuildAssert.Succeeded(project.Msbuild("TestMigration", variables));
        var rollback = Path.Combine(project.MigrationsDirectory, LineItems + "_rollback.sql");
        File.AppendAllText(rollback, "-- reviewed again\n");
        var edited = project.Msbuild("DeployMigration", variables);
        BuildAssert.Failed(edited);
        StringAssert.Contains(edited.Output, $"error MIG1004: Migration {LineItems} has no passed TestMigration on Staging for its current files");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoice_line_items') is not null"));
    }

    [TestMethod]
    public async Task Failing_application_tests_on_staging_fail_TestMigration_and_keep_the_migration_out_of_Production()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_apptests_staging", TestContext.CancellationToken);
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_apptests_production", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(staging);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        var variables = new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _),
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out _),
            ["CONFIRM_PRODUCTION"] = "true",
        };

        // A stand-in for `dotnet test ../Billing.Tests`: it reaches staging through the URL it is handed, then fails.
        using var project = ConsumerProject.Create(
            ConsumerKind.MigrationsOnly,
            "<PropertyGroup><MigrationsStagingTestCommand>psql \"$DATABASE_URL\" -tAc 'select count(*) from billing.invoices' &amp;&amp; echo 'Billing.Tests: 1 failed, 12 passed' &amp;&amp; exit 1</MigrationsStagingTestCommand></PropertyGroup>");
        project.CopySampleMigrations();

        var tested = project.Msbuild("TestMigration", variables, $"-p:Migration={Billing}.sql");
        TestContext.WriteLine(tested.Output);
        BuildAssert.Failed(tested);
        StringAssert.Contains(tested.Output, $"Proved {Billing} on Staging in ");
        StringAssert.Contains(tested.Output, "Billing.Tests: 1 failed, 12 passed");
        StringAssert.Contains(tested.Output, "error MIG1029: The application tests on Staging failed: ");
        StringAssert.Contains(tested.Output, $"-t:RollbackMigration -p:MigrationsEnvironment=Staging -p:Migration={Billing}");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('billing.invoices') is not null"), "the migration stays applied on staging");

        var deployed = project.Msbuild("DeployMigration", variables, $"-p:Migration={Billing}.sql");
        TestContext.WriteLine(deployed.Output);
        BuildAssert.Failed(deployed);
        StringAssert.Contains(deployed.Output, $"error MIG1004: Migration {Billing} was tested on Staging, but its application tests failed there (exit code 1)");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoices') is not null"));
    }
}
