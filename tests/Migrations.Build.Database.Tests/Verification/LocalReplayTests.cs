using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>The Local replay on a server given by MIGRATIONS_LOCAL_URL (here: the test server): chain replayed, database always dropped.</summary>
[TestClass]
[DoNotParallelize] // Both tests count the replay's databases on the shared server; run together they would see each other's.
public sealed class LocalReplayTests
{
    public TestContext TestContext { get; set; } = null!;

    internal static async Task<long> ThrowawayDatabaseCountAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname like 'migrations_test%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static ThrowawayServerOptions OptionsFor(RunningPostgresServer server)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(admin.Username!)}:{Uri.EscapeDataString(admin.Password ?? "unused")}@{admin.Host}:{admin.Port}/postgres";
        return new ThrowawayServerOptions { ReadVariable = name => name == ThrowawayServerOptions.LocalUrlVariable ? url : null, UseDocker = false };
    }

    [TestMethod]
    public async Task A_failing_rollback_is_reported_and_the_throwaway_database_is_dropped()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_fail", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int);\ncreate sequence invoice_numbers;\n", "drop table invoices;\n");
        var before = await ThrowawayDatabaseCountAsync(server.AdminConnectionString);

        var outcome = await LocalReplay.RunAsync(OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings(), workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(outcome);
        Assert.IsFalse(outcome.Succeeded);
        CollectionAssert.AreEqual(new[] { "20250210000000_customers" }, outcome.Proven.ToArray());
        CollectionAssert.AreEqual(new[] { "20250301000000_invoices" }, outcome.Refuted.ToArray());
        StringAssert.Contains(workspace.Log.Diagnostics.Single(d => d.Code == "MIG1009").Message, "sequence public.invoice_numbers: exists after rollback but not before");
        Assert.AreEqual(before, await ThrowawayDatabaseCountAsync(server.AdminConnectionString), "the throwaway database must be dropped after a failure");
        var announced = workspace.Log.Messages.Where(m => m.StartsWith("Testing ", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "Testing 20250210000000_customers (1/2) on Local…", "Testing 20250301000000_invoices (2/2) on Local…" }, announced, workspace.Log.ToString());
    }

    [TestMethod]
    public async Task A_named_migration_is_proven_after_its_predecessors_are_applied()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_named", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_customers", "create table customers (id int primary key);\n", "drop table customers;\n");
        workspace.WritePair("20250301000000_invoices", "create table invoices (id int, customer_id int references customers);\n", "drop table invoices;\n");
        workspace.WritePair("20250401000000_refunds", "create table refunds (id int);\n", "select 1; -- broken, but after the one under test\n");

        var outcome = await LocalReplay.RunAsync(OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings { Selector = "20250301000000" }, workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(outcome);
        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250301000000_invoices" }, outcome.Proven.ToArray());
        CollectionAssert.AreEqual(new[] { "20250210000000_customers" }, outcome.AppliedOnly.ToArray());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith("Applied 20250210000000_customers", StringComparison.Ordinal)), workspace.Log.ToString());
    }

    [TestMethod]
    public async Task A_migration_adding_an_enum_value_is_proven_in_separate_transactions()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_enum", TestContext.CancellationToken);
        workspace.WritePair("20250210000000_moods", "create type mood as enum ('ok', 'bad');\ncreate table feelings (id int primary key, m mood not null);\n", "drop table feelings;\ndrop type mood;\n");
        workspace.WritePair(
            "20250301000000_meh",
            "alter type mood add value 'meh';\n",
            "update feelings set m = 'ok' where m = 'meh';\nalter type mood rename to mood_old;\ncreate type mood as enum ('ok', 'bad');\nalter table feelings alter column m type mood using m::text::mood;\ndrop type mood_old;\n");

        var outcome = await LocalReplay.RunAsync(OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings(), workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(outcome);
        Assert.IsTrue(outcome.Succeeded, workspace.Log.ToString());
        CollectionAssert.AreEqual(new[] { "20250210000000_moods", "20250301000000_meh" }, outcome.Proven.ToArray());
        Assert.AreEqual(1, workspace.Log.Messages.Count(m => m.Contains("proved in separate transactions because the forward adds an enum value", StringComparison.Ordinal)), workspace.Log.ToString());
        Assert.IsTrue(workspace.Log.Messages.Any(m => m.StartsWith("20250301000000_meh is proved in separate transactions", StringComparison.Ordinal)), workspace.Log.ToString());
    }
}
