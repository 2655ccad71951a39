using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Database.Tests.Supabase;
using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Baselines;

/// <summary>
/// <c>-p:MigrationsBaselineFrom=supabase</c> on databases pushed by the Supabase CLI (its table and rows written as
/// <c>supabase db push</c> writes them, by <see cref="SupabaseCliHistory"/>): the versions it lists are proven and
/// recorded as baselined, and the rest deploys on top; a list our files cannot back is refused with MIG1054.
/// </summary>
[TestClass]
public sealed class SupabaseBaselineTests
{
    private const string Customers = "20250101000000_customers";
    private const string Invoices = "20250201000000_invoices";
    private const string Refunds = "20250301000000_refunds";

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Three migrations on disk; the Supabase CLI pushed the first two.</summary>
    private async Task<MigrationWorkspace> PushedBySupabaseAsync(string name)
    {
        var workspace = await MigrationWorkspace.CreateAsync(name, TestContext.CancellationToken);
        workspace.WritePair(Customers, "create table customers (id bigint primary key, email text not null);\n", "drop table customers;\n");
        workspace.WritePair(Invoices, "create table invoices (id bigint primary key, customer_id bigint not null references customers);\ncreate index invoices_customer_idx on invoices (customer_id);\n", "drop table invoices;\n");
        workspace.WritePair(Refunds, "create table refunds (id bigint primary key, invoice_id bigint not null references invoices);\n", "drop table refunds;\n");
        await using var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken);
        await SupabaseCliHistory.CreateAsync(connection);
        await SupabaseCliHistory.PushAsync(connection, Customers + ".sql", "create table customers (id bigint primary key, email text not null)");
        await SupabaseCliHistory.PushAsync(connection, Invoices + ".sql", "create table invoices (id bigint primary key, customer_id bigint not null references customers)", "create index invoices_customer_idx on invoices (customer_id)");
        return workspace;
    }

    private async Task<OperationSettings> SettingsAsync(MigrationWorkspace workspace, string? migration) =>
        await BaselineCommandTests.SettingsAsync(workspace, migration, TestContext.CancellationToken) with { BaselineFrom = "supabase" };

    [TestMethod]
    public async Task The_versions_the_Supabase_history_lists_are_baselined_and_the_rest_deploys_on_top()
    {
        await using var workspace = await PushedBySupabaseAsync("baseline_supabase");
        var settings = await SettingsAsync(workspace, migration: null);

        Assert.IsTrue(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());

        Assert.IsEmpty(workspace.Log.Diagnostics.Where(diagnostic => diagnostic.IsError).ToList(), workspace.Log.ToString());
        Assert.Contains($"The Supabase history of Staging lists 2 migration(s), up to {Invoices}: they are the baseline's.", workspace.Log.Messages);
        await using (var connection = await workspace.Database.OpenConnectionAsync(TestContext.CancellationToken))
        {
            var rows = await new HistoryStore(HistoryLocation.Default).ReadAllAsync(connection, TestContext.CancellationToken);
            CollectionAssert.AreEqual(new[] { Customers, Invoices }, rows.Select(row => row.MigrationId).ToArray());
            Assert.IsTrue(rows.All(row => row.Operation == MigrationOperation.Baseline && row.Status == HistoryStatus.Succeeded));
        }

        workspace.NewLog();
        Assert.IsTrue(await DeployCommand.RunAsync(settings with { BaselineFrom = null }, workspace.Log, TestContext.CancellationToken), workspace.Log.ToString());
        Assert.IsTrue(await workspace.TableExistsAsync("public.refunds"));
        var status = (await workspace.StatusAsync()).ToDictionary(row => row.Id, row => row.StateText);
        Assert.AreEqual("applied (baselined)", status[Customers]);
        Assert.AreEqual("applied (baselined)", status[Invoices]);
        Assert.AreEqual("applied", status[Refunds]);
    }

    [TestMethod]
    public async Task A_listed_version_without_a_file_on_disk_is_MIG1054_and_nothing_is_recorded()
    {
        await using var workspace = await PushedBySupabaseAsync("baseline_supabase_unknown");
        await workspace.ScalarAsync("insert into supabase_migrations.schema_migrations (version, name, statements) values ('20250115000000', 'hotfix', array['select 1'])");
        var settings = await SettingsAsync(workspace, migration: null);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        var refusal = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1054", refusal.Code);
        StringAssert.Contains(refusal.Message, "lists 1 version(s) with no migration on disk: 20250115000000.");
        Assert.AreEqual(0L, await workspace.ScalarAsync("select count(*) from migrations_build.history where status = 'succeeded'"));
    }

    [TestMethod]
    public async Task A_named_migration_that_is_not_the_newest_listed_is_MIG1054()
    {
        await using var workspace = await PushedBySupabaseAsync("baseline_supabase_named");
        var settings = await SettingsAsync(workspace, Customers);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        var refusal = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1054", refusal.Code);
        StringAssert.Contains(refusal.Message, $"the newest version supabase_migrations.schema_migrations lists on Staging is {Invoices}.");
    }

    [TestMethod]
    public async Task A_database_without_the_Supabase_history_is_MIG1054()
    {
        await using var workspace = await MigrationWorkspace.CreateAsync("baseline_supabase_none", TestContext.CancellationToken);
        workspace.WritePair(Customers, "create table customers (id bigint primary key);\n", "drop table customers;\n");
        var settings = await SettingsAsync(workspace, migration: null);

        Assert.IsFalse(await BaselineCommand.RunAsync(settings, workspace.Log, TestContext.CancellationToken));

        var refusal = workspace.Log.Diagnostics.Single(diagnostic => diagnostic.IsError);
        Assert.AreEqual("MIG1054", refusal.Code);
        StringAssert.StartsWith(refusal.Message, "Staging has no supabase_migrations.schema_migrations");
    }
}
