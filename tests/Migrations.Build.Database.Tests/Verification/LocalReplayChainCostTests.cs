using System.Globalization;
using System.Text.RegularExpressions;
using Migrations.Build.Database.Tests.Database;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Verification;
using Migrations.Build.Testing;

namespace Migrations.Build.Database.Tests.Verification;

/// <summary>
/// A 50-migration chain proven on Local, the shape bench/README.md's proof numbers are measured on. The time per proof
/// is only written to the test output (never asserted: timings depend on the machine); what is asserted is that
/// every proof of the chain still holds when each starts from the schema the previous one read.
/// </summary>
[TestClass]
[DoNotParallelize] // Creates a throwaway database on the shared server, as LocalReplayTests does.
public sealed partial class LocalReplayChainCostTests
{
    private const int Migrations = 50;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Every_migration_of_a_50_migration_chain_is_proven_and_the_time_per_proof_is_logged()
    {
        var server = await PostgresServer.GetAsync(TestContext.CancellationToken);
        await using var workspace = await MigrationWorkspace.CreateAsync("replay_chain", TestContext.CancellationToken);
        for (var n = 1; n <= Migrations; n++)
        {
            var table = "t" + n.ToString("D2", CultureInfo.InvariantCulture);
            var previous = n > 1 ? $", previous_id int references t{(n - 1).ToString("D2", CultureInfo.InvariantCulture)} (id)" : string.Empty;
            workspace.WritePair(
                $"202501010000{n.ToString("D2", CultureInfo.InvariantCulture)}_{table}",
                $"create table {table} (id int primary key, name text not null default ''{previous});\ncreate index {table}_name on {table} (name);\n",
                $"drop table {table};\n");
        }

        var summary = await LocalReplay.RunAsync(LocalReplayTests.OptionsFor(server), LocalBootstrap.None, workspace.Pairs(), new ReplaySettings(), workspace.Log, TestContext.CancellationToken);

        Assert.IsNotNull(summary, workspace.Log.ToString());
        Assert.AreEqual(Migrations, summary.Proven.Count, workspace.Log.ToString());
        var times = workspace.Log.Messages.Select(m => ProvedIn().Match(m)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.HasCount(Migrations, times);
        TestContext.WriteLine($"{Migrations} proofs: median {times[times.Count / 2]} ms, min {times[0]} ms, max {times[^1]} ms, total {times.Sum()} ms");
    }

    [GeneratedRegex(@"^Proved \S+ on Local in (\d+) ms")]
    private static partial Regex ProvedIn();
}
