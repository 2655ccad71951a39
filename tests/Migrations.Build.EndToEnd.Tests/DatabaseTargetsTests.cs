using Migrations.Build.Testing;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// The workflow document's commands, with `dotnet msbuild` in place of the script, on a consumer project built
/// through the packed SDK and real PostgreSQL databases standing in for staging and production.
/// </summary>
[TestClass]
public sealed class DatabaseTargetsTests
{
    private const string Billing = "20250210000000_billing_integration_schema";
    private const string LineItems = "20250301000000_add_invoice_line_items";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_workflow_deploys_rolls_back_and_reports_status_without_ever_printing_the_password()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_staging", TestContext.CancellationToken);
        await using var production = await PostgresServer.CreateDatabaseAsync("e2e_production", TestContext.CancellationToken);
        await DatabaseUrls.ApplySupabaseShimAsync(staging);
        await DatabaseUrls.ApplySupabaseShimAsync(production);
        var environment = new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out var stagingPassword),
            ["SUPABASE_PRODUCTION_URL"] = DatabaseUrls.For(production, out var productionPassword),
        };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();
        var outputs = new List<DotnetResult>();
        DotnetResult Run(string target, Dictionary<string, string> variables, params string[] arguments)
        {
            var result = project.Msbuild(target, variables, arguments);
            outputs.Add(result);
            return result;
        }

        // Staging first.
        var stagingDeploy = Run("DeployMigration", environment, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Succeeded(stagingDeploy);
        StringAssert.Contains(stagingDeploy.Output, $"Environment: Staging — host ");
        StringAssert.Contains(stagingDeploy.Output, $", database {staging.Name}, user ");
        StringAssert.Contains(stagingDeploy.Output, $"Applied {Billing} to Staging in ");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('billing.invoice_line_items') is not null"));

        // Production refuses without the confirmation, and touches nothing.
        var unconfirmed = Run("DeployMigration", environment, $"-p:Migration={Billing}.sql");
        BuildAssert.Failed(unconfirmed);
        StringAssert.Contains(unconfirmed.Output, "error MIG1003: DeployMigration on Production needs confirmation: CONFIRM_PRODUCTION is not set.");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regclass('migrations_build.history') is not null"));

        // CONFIRM_PRODUCTION=true … -t:DeployMigration: refused until the migration has passed TestMigration on staging.
        var confirmed = new Dictionary<string, string>(environment) { ["CONFIRM_PRODUCTION"] = "true" };
        var untested = Run("DeployMigration", confirmed, $"-p:Migration={Billing}.sql");
        BuildAssert.Failed(untested);
        StringAssert.Contains(untested.Output, $"error MIG1004: Migration {Billing} has no passed TestMigration on Staging for its current files");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('billing') is not null"));
        Assert.AreEqual("failed refused: not proven on Staging (MIG1004), nothing ran", await DatabaseUrls.ScalarAsync(production, "select string_agg(status || ' ' || error, '; ') from migrations_build.history"));

        // The override goes through, loudly, and is recorded in production's history.
        var productionDeploy = Run("DeployMigration", confirmed, $"-p:Migration={Billing}.sql", "-p:MigrationsSkipStagingCheck=true");
        BuildAssert.Succeeded(productionDeploy);
        StringAssert.Contains(productionDeploy.Output, $"warning MIG1004: Migration {Billing} has no passed TestMigration on Staging");
        StringAssert.Contains((string)(await DatabaseUrls.ScalarAsync(production, "select notes from migrations_build.history where status = 'succeeded'"))!, "staging check skipped (MigrationsSkipStagingCheck=true)");
        StringAssert.Contains(productionDeploy.Output, "Environment: Production — host ");
        StringAssert.Contains(productionDeploy.Output, $"Applied 1 migration to Production in ");
        StringAssert.Contains(productionDeploy.Output, $"Applying {Billing} (1/1) to Production…");
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoices') is not null"));
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regclass('billing.invoice_line_items') is not null"));

        // Status of both environments, as JSON in a file.
        var statusFile = Path.Combine(project.Root, "status.json");
        var status = Run("MigrationStatus", environment, "-p:MigrationsStatusFormat=json", $"-p:MigrationsStatusFile={statusFile}");
        BuildAssert.Succeeded(status);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(statusFile)))
        {
            var states = json.RootElement.GetProperty("migrations").EnumerateArray()
                .Select(row => $"{row.GetProperty("environment").GetString()} {row.GetProperty("id").GetString()} {row.GetProperty("state").GetString()}")
                .ToArray();
            CollectionAssert.AreEqual(
                new[] { $"Staging {Billing} applied", $"Staging {LineItems} applied", $"Production {Billing} applied", $"Production {LineItems} pending" },
                states);
        }

        // Rollback on staging (the latest applied), then on production with the confirmation.
        var stagingRollback = Run("RollbackMigration", environment);
        BuildAssert.Succeeded(stagingRollback);
        StringAssert.Contains(stagingRollback.Output, $"Rolled back {LineItems} on Staging");
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('billing.invoice_line_items') is not null"));

        var productionRollback = Run("RollbackMigration", confirmed, $"-p:Migration={Billing}.sql");
        BuildAssert.Succeeded(productionRollback);
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(production, "select to_regnamespace('billing') is not null"));

        var table = Run("MigrationStatus", environment);
        BuildAssert.Succeeded(table);
        StringAssert.Contains(table.Output, "Environment  Migration");
        Assert.IsTrue(table.Lines.Any(line => line.StartsWith($"Production   {Billing}  rolled back", StringComparison.Ordinal)), table.ToString());

        foreach (var output in outputs)
        {
            foreach (var secret in new[] { stagingPassword, productionPassword, Uri.EscapeDataString(stagingPassword), Uri.EscapeDataString(productionPassword) })
            {
                Assert.DoesNotContain(secret, output.Output, "a password reached the build output");
            }
        }
    }

    [TestMethod]
    public async Task A_failing_statement_is_reported_at_its_line_and_leaves_only_a_failed_row()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_fail", TestContext.CancellationToken);
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };
        using var project = ConsumerProject.Create(ConsumerKind.InsideApplication);
        var forward = project.Write("migrations/20250210000000_billing.sql", "create table customers (id int primary key);\ncreate table invoices (id int primary key);\ninsert into invoices (id) values (1), (1);\n");
        project.Write("migrations/20250210000000_billing_rollback.sql", "drop table invoices;\ndrop table customers;\n");

        var result = project.Msbuild("DeployMigration", environment, "-p:MigrationsEnvironment=Staging");

        BuildAssert.Failed(result);
        BuildAssert.HasDiagnostic(result, "error", forward, 3, 1, "MIG1007",
            "duplicate key value violates unique constraint \"invoices_pkey\" (SQLSTATE 23505) DETAIL: Key (id)=(1) already exists.", project.ProjectPath);
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('public.customers') is not null"));
        Assert.AreEqual("failed", await DatabaseUrls.ScalarAsync(staging, "select string_agg(status, ',') from migrations_build.history"));
    }

    [TestMethod]
    public async Task A_partial_no_transaction_migration_blocks_deploys_until_resolved()
    {
        await using var staging = await PostgresServer.CreateDatabaseAsync("e2e_partial", TestContext.CancellationToken);
        var environment = new Dictionary<string, string> { ["SUPABASE_STAGING_URL"] = DatabaseUrls.For(staging, out _) };
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.Write("migrations/20250210000000_customers.sql", "create table customers (id int, email text);\n");
        project.Write("migrations/20250210000000_customers_rollback.sql", "drop table customers;\n");
        var indexes = project.Write("migrations/20250301000000_customer_indexes.sql", "-- migrations:no-transaction\ncreate index concurrently customers_id on customers (id);\ncreate index concurrently customers_email on customers (emial);\n");
        project.Write("migrations/20250301000000_customer_indexes_rollback.sql", "-- migrations:no-transaction\ndrop index concurrently if exists customers_email;\ndrop index concurrently if exists customers_id;\n");
        project.Write("migrations/20250401000000_refunds.sql", "create table refunds (id int);\n");
        project.Write("migrations/20250401000000_refunds_rollback.sql", "drop table refunds;\n");
        var staged = new Dictionary<string, string>(environment);

        var first = project.Msbuild("DeployMigration", staged, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(first);
        BuildAssert.HasDiagnostic(first, "error", indexes, 3, 1, "MIG1007", "column \"emial\" does not exist (SQLSTATE 42703)…", project.ProjectPath);

        var blocked = project.Msbuild("DeployMigration", staged, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(blocked);
        BuildAssert.HasDiagnostic(blocked, "error", indexes, 1, 1, "MIG1008", "Migration 20250301000000_customer_indexes stopped part way on Staging (1 of 2 statements applied)…", project.ProjectPath);
        Assert.AreEqual(false, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('public.refunds') is not null"));

        // Unconfirmed on Production, the hint must repeat the resolution, never suggest a rollback of production.
        var onProduction = new Dictionary<string, string>(environment) { ["SUPABASE_PRODUCTION_URL"] = environment["SUPABASE_STAGING_URL"] };
        var unconfirmed = project.Msbuild("ResolveMigration", onProduction, "-p:MigrationsEnvironment=Production", "-p:Migration=20250301000000", "-p:As=rolled_back", "-p:Reason=dropped customers_id by hand");
        BuildAssert.Failed(unconfirmed);
        StringAssert.Contains(unconfirmed.Output, $"error MIG1003: ResolveMigration on Production needs confirmation: CONFIRM_PRODUCTION is not set. To go ahead, run: CONFIRM_PRODUCTION=true dotnet msbuild {project.ProjectPath} -t:ResolveMigration -p:Migration=20250301000000 -p:As=rolled_back -p:Reason='dropped customers_id by hand'");
        Assert.DoesNotContain("-t:RollbackMigration", unconfirmed.Output);

        var resolved = project.Msbuild("ResolveMigration", staged, "-p:MigrationsEnvironment=Staging", "-p:Migration=20250301000000", "-p:As=rolled_back", "-p:Reason=dropped customers_id by hand");
        BuildAssert.Succeeded(resolved);
        await DatabaseUrls.ExecuteAsync(staging, "drop index customers_id");
        project.Write("migrations/20250301000000_customer_indexes.sql", "-- migrations:no-transaction\ncreate index concurrently customers_id on customers (id);\ncreate index concurrently customers_email on customers (email);\n");

        // The edited file is allowed: the failed attempt never counted as applied.
        var retried = project.Msbuild("DeployMigration", staged, "-p:MigrationsEnvironment=Staging");
        BuildAssert.Succeeded(retried);
        Assert.AreEqual(true, await DatabaseUrls.ScalarAsync(staging, "select to_regclass('public.refunds') is not null"));
        Assert.AreEqual(2L, await DatabaseUrls.ScalarAsync(staging, "select count(*) from pg_indexes where tablename = 'customers'"));
    }

    [TestMethod]
    public void A_missing_url_and_an_unreachable_server_are_named_without_the_password()
    {
        using var project = ConsumerProject.Create(ConsumerKind.MigrationsOnly);
        project.CopySampleMigrations();

        var missing = project.Msbuild("DeployMigration", new Dictionary<string, string>(), "-p:MigrationsEnvironment=Staging");
        BuildAssert.Failed(missing);
        StringAssert.Contains(missing.Output, "error MIG1002: ");
        StringAssert.Contains(missing.Output, "SUPABASE_STAGING_URL");

        var closedPort = Engine.Local.FreeTcpPort.OnLoopback();
        var unreachable = project.Msbuild("MigrationStatus", new Dictionary<string, string>
        {
            ["SUPABASE_STAGING_URL"] = $"postgres://deploy:{Uri.EscapeDataString(DatabaseUrls.SpecialPassword)}@127.0.0.1:{closedPort}/billing?connect_timeout=3",
        });
        BuildAssert.Failed(unreachable);
        StringAssert.Contains(unreachable.Output, "error MIG1001: ");
        StringAssert.Contains(unreachable.Output, $"127.0.0.1:{closedPort}");
        Assert.DoesNotContain(DatabaseUrls.SpecialPassword, unreachable.Output);
        Assert.DoesNotContain(Uri.EscapeDataString(DatabaseUrls.SpecialPassword), unreachable.Output);
        Assert.DoesNotContain("   at ", unreachable.Output, "no stack trace");
    }
}
