using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// Which local binaries a throwaway cluster is built from when several PostgreSQL releases are installed, and what
/// MigrationsLocalBinDirectory does. Fake folders decide only the choice; starting a real server is a database test.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class LocalBinaryChoiceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_release_is_read_from_postgres_version()
    {
        using var fakes = FakeBinDirectories.Create();
        var folder = fakes.Add("13", "postgres (PostgreSQL) 13.23");

        var release = await BinDirectoryRelease.ReadAsync(folder, TestContext.CancellationToken);

        Assert.AreEqual(new PostgresRelease(13, 0), release);
    }

    [TestMethod]
    public async Task A_postgres_that_prints_no_version_has_no_release()
    {
        using var fakes = FakeBinDirectories.Create();
        var folder = fakes.Add("odd", "hello");

        Assert.IsNull(await BinDirectoryRelease.ReadAsync(folder, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task The_target_release_comes_first_and_the_others_keep_the_search_order()
    {
        using var fakes = FakeBinDirectories.Create();
        string[] configured = [fakes.Add("18", "postgres (PostgreSQL) 18.4"), fakes.Add("odd", "hello"), fakes.Add("13", "postgres (PostgreSQL) 13.23"), fakes.Add("15", "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)")];
        var search = await PostgresBinDirectorySearch.RunAsync(configured, TestContext.CancellationToken);

        var ordered = await BinDirectoryPreference.OrderAsync(search.Usable, Staging(15), BinDirectoryRelease.ReadAsync, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { configured[3], configured[0], configured[1], configured[2] }, ordered.Select(entry => entry.Candidate.Path).ToArray());
        Assert.AreEqual(15, ordered[0].Release?.Major);
    }

    [TestMethod]
    public async Task Without_a_target_the_search_order_stands_and_no_binary_is_run()
    {
        using var fakes = FakeBinDirectories.Create();
        string[] configured = [fakes.Add("18", "postgres (PostgreSQL) 18.4"), fakes.Add("15", "postgres (PostgreSQL) 15.14")];
        var search = await PostgresBinDirectorySearch.RunAsync(configured, TestContext.CancellationToken);
        var asked = new List<string>();

        var ordered = await BinDirectoryPreference.OrderAsync(
            search.Usable,
            target: null,
            (folder, _) => { asked.Add(folder); return Task.FromResult<PostgresRelease?>(null); },
            TestContext.CancellationToken);

        CollectionAssert.AreEqual(configured, ordered.Select(entry => entry.Candidate.Path).ToArray());
        Assert.IsEmpty(asked);
    }

    [TestMethod]
    public async Task The_resolver_tries_the_target_release_first()
    {
        using var fakes = FakeBinDirectories.Create();
        var eighteen = fakes.Add("18", "postgres (PostgreSQL) 18.4");
        var fifteen = fakes.Add("15", "postgres (PostgreSQL) 15.14");
        var options = new ThrowawayServerOptions { ReadVariable = _ => null, UseDocker = false, BinDirectories = [eighteen, fifteen], Target = Staging(15) };

        var start = await ThrowawayServer.StartAsync(options, TestContext.CancellationToken);

        // The fakes' initdb fails, so each folder tried leaves its reason, in the order they were tried.
        Assert.IsFalse(start.Started);
        var reason = start.Unavailable.Skipped.Single(source => source.Source == ThrowawayServerSource.LocalBinaries).Reason;
        Assert.IsLessThan(reason.IndexOf(eighteen + " ", StringComparison.Ordinal), reason.IndexOf(fifteen + " ", StringComparison.Ordinal), reason);
        StringAssert.Contains(reason, "fake initdb");
    }

    [TestMethod]
    public async Task A_bin_directory_that_does_not_exist_is_MIG1037_naming_it_and_Docker_is_not_tried()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-pg-" + Guid.NewGuid().ToString("N")[..8], "bin");
        var options = new ThrowawayServerOptions { ReadVariable = _ => null, LocalBinDirectory = missing };

        var start = await ThrowawayServer.StartAsync(options, TestContext.CancellationToken);

        Assert.IsFalse(start.Started);
        var diagnostic = start.Unavailable.ToDiagnostic();
        Assert.AreEqual("MIG1037", diagnostic.Descriptor.Code);
        StringAssert.Contains(diagnostic.Message, $"MigrationsLocalBinDirectory '{missing}' cannot start a throwaway PostgreSQL server: {missing} (from configuration) does not exist");
        StringAssert.Contains(start.Unavailable.Skipped.Single(source => source.Source == ThrowawayServerSource.Docker).Reason, "not tried: MigrationsLocalBinDirectory is set");
    }

    [TestMethod]
    public async Task A_bin_directory_without_the_server_tools_is_MIG1037_naming_what_is_missing()
    {
        using var fakes = FakeBinDirectories.Create();
        var clientOnly = Directory.CreateDirectory(Path.Combine(fakes.Root, "client", "bin")).FullName;
        var options = new ThrowawayServerOptions { ReadVariable = _ => null, LocalBinDirectory = clientOnly };

        var diagnostic = (await ThrowawayServer.StartAsync(options, TestContext.CancellationToken)).Unavailable!.ToDiagnostic();

        Assert.AreEqual(DiagnosticCatalog.LocalBinDirectoryUnusable, diagnostic.Descriptor);
        StringAssert.Contains(diagnostic.Message, $"{clientOnly} (from configuration) lacks initdb, pg_ctl, postgres");
    }

    [TestMethod]
    public void Another_major_release_is_MIG1036_naming_both_and_the_remedy_of_the_source()
    {
        var options = new ThrowawayServerOptions { Target = Staging(15) };

        var local = ServerVersionMismatch.Check(Server(ThrowawayServerSource.LocalBinaries, 18), options);
        var docker = ServerVersionMismatch.Check(Server(ThrowawayServerSource.Docker, 13), options);

        Assert.IsNotNull(local);
        Assert.AreEqual("MIG1036", local.Descriptor.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, local.Severity);
        StringAssert.Contains(local.Message, "The throwaway Local server runs PostgreSQL 18, but Staging runs PostgreSQL 15");
        StringAssert.Contains(local.Message, "MigrationsLocalBinDirectory");
        StringAssert.Contains(docker!.Message, "Set MigrationsLocalImage to a PostgreSQL 15 image (e.g. postgres:15-alpine)");
    }

    [TestMethod]
    public void The_same_major_release_or_an_unknown_target_is_no_warning()
    {
        Assert.IsNull(ServerVersionMismatch.Check(Server(ThrowawayServerSource.LocalBinaries, 15), new ThrowawayServerOptions { Target = Staging(15) }));
        Assert.IsNull(ServerVersionMismatch.Check(Server(ThrowawayServerSource.LocalBinaries, 18), new ThrowawayServerOptions()));
    }

    private static TargetServer Staging(int major) => new("Staging", new PostgresRelease(major, 0));

    private static ThrowawayServer Server(ThrowawayServerSource source, int major) =>
        new(source, "a server", "Host=127.0.0.1", ownedResource: null, skipped: [], new PostgresRelease(major, 0));
}
