using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Database.Tests.Verification;
using Migrations.Build.Engine.Drift;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.Database.Tests.Drift;

/// <summary>
/// "Replay these texts, snapshot both, diff" against a real live database: the throwaway database is created on the
/// test server (MIGRATIONS_LOCAL_URL), the live one is a fresh test database the migrations were applied to.
/// </summary>
[TestClass]
public sealed class LiveSchemaComparisonTests
{
    public TestContext TestContext { get; set; } = null!;

    internal static readonly string[] Forwards =
    [
        "create table invoices (id int primary key, status text not null default 'open', owner_id int);\nalter table invoices enable row level security;\n",
        "create policy invoices_own on invoices using (owner_id = 1);\ncreate index invoices_owner_idx on invoices (owner_id);\n",
    ];

    [TestMethod]
    public async Task An_untouched_database_has_no_differences()
    {
        await using var live = await LiveAsync("drift_untouched");

        var result = await CompareAsync(live);

        Assert.IsNotNull(result, live.Log.ToString());
        Assert.AreEqual(0, result.Differences.Count, string.Join(Environment.NewLine, result.Differences) + Environment.NewLine + live.Log);
    }

    [TestMethod]
    public async Task Each_change_made_by_hand_is_named()
    {
        await using var live = await LiveAsync("drift_hand");
        var reader = "drift_reader_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(live, $"create role {reader} nologin");
        try
        {
            await ExecuteAsync(
                live,
                "create index invoices_status_idx on invoices (status);" +
                "alter table invoices alter column status set default 'paid';" +
                "create policy invoices_audit on invoices for select using (true);" +
                $"grant select on invoices to {reader};");

            var result = await CompareAsync(live);

            Assert.IsNotNull(result, live.Log.ToString());
            var lines = result.Differences.Select(difference => difference.Text).ToList();
            var all = string.Join(Environment.NewLine, lines);
            CollectionAssert.Contains(lines, "index public.invoices_status_idx: exists on Production but not in its history", all);
            CollectionAssert.Contains(lines, "column public.invoices.status: default 'paid'::text, expected 'open'::text", all);
            Assert.IsTrue(lines.Any(line => line == "policy \"invoices_audit\" on public.invoices: exists on Production but not in its history"), all);
            Assert.IsTrue(lines.Any(line => line.StartsWith("privileges on table public.invoices: acl", StringComparison.Ordinal) && line.Contains(reader + "=r/", StringComparison.Ordinal)), all);
            Assert.AreEqual(4, lines.Count, all);
        }
        finally
        {
            await live.Database.DisposeAsync();
            await ExecuteOnServerAsync($"drop role if exists {reader}");
        }
    }

    internal static async Task<MigrationWorkspace> LiveAsync(string name)
    {
        var live = await MigrationWorkspace.CreateAsync(name, CancellationToken.None);
        foreach (var forward in Forwards)
        {
            await ExecuteAsync(live, forward);
        }

        return live;
    }

    internal static IReadOnlyList<ReplayedMigration> Replayed() =>
        Forwards.Select((forward, index) => new ReplayedMigration($"2025021000000{index}", $"step_{index}", forward)).ToList();

    private async Task<LiveSchemaComparisonResult?> CompareAsync(MigrationWorkspace live)
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        var settings = new LiveSchemaComparisonSettings { Server = LocalReplayTests.OptionsFor(server) };
        return await LiveSchemaComparison.CompareAsync(Replayed(), live.Context("Production"), settings, live.Log, TestContext.CancellationToken);
    }

    internal static async Task ExecuteAsync(MigrationWorkspace live, string sql)
    {
        await using var connection = new NpgsqlConnection(live.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        var server = await PostgresServer.GetAsync(CancellationToken.None);
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
