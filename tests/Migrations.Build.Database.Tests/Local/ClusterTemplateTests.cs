using System.Diagnostics;
using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Database.Tests.Local;

/// <summary>
/// The local cluster's cached template: initdb runs once per server binaries and tool build, later clusters copy its
/// output, and a damaged or missing template falls back to initdb and is published again. Each test has a temporary
/// root of its own (in /tmp, which the postgres user can reach when running as root), so its cache starts empty.
/// Durations are written to the test log for bench/README.md, never asserted.
/// </summary>
[TestClass]
public sealed class ClusterTemplateTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_first_start_runs_initdb_and_publishes_a_template_that_the_next_start_copies()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            await using (var first = await StartTimedAsync(binDirectory, root, "first start (initdb, publishes the template)"))
            {
                Assert.IsFalse(first.DataCopiedFromTemplate, "an empty cache leaves initdb to make the data directory");
                await AssertServesAsync(first);
            }

            var marker = SingleTemplateMarker(root);
            var publishedAt = File.GetLastWriteTimeUtc(marker);

            await using var second = await StartTimedAsync(binDirectory, root, "second start (copy of the template)");
            Assert.IsTrue(second.DataCopiedFromTemplate, "the second start copies the template instead of running initdb");
            Assert.AreEqual(publishedAt, File.GetLastWriteTimeUtc(SingleTemplateMarker(root)), "the template is reused, not rebuilt");
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(second.DataDirectory));
            }

            // The server checks the data directory's owner and mode itself and refuses to start otherwise (as root the copy is given to postgres).
            await AssertServesAsync(second);
        });
    }

    [TestMethod]
    public async Task A_template_without_its_marker_is_discarded_and_rebuilt()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();
            File.Delete(SingleTemplateMarker(root));

            await using (var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken))
            {
                Assert.IsFalse(cluster.DataCopiedFromTemplate, "a template whose marker is missing is never copied");
                await AssertServesAsync(cluster);
            }

            await AssertNextStartCopiesAsync(root, binDirectory);
        });
    }

    [TestMethod]
    public async Task A_template_with_data_files_removed_is_discarded_and_rebuilt()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();
            var template = Path.GetDirectoryName(SingleTemplateMarker(root))!;
            File.Delete(Path.Combine(template, "data", "global", "pg_control"));

            await using (var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken))
            {
                Assert.IsFalse(cluster.DataCopiedFromTemplate, "a copy that does not match the marker's count falls back to initdb");
                await AssertServesAsync(cluster);
            }

            await AssertNextStartCopiesAsync(root, binDirectory);
        });
    }

    [TestMethod]
    public async Task A_template_deleted_between_starts_is_rebuilt()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();
            Directory.Delete(CacheFolder(root), recursive: true);

            await using (var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken))
            {
                Assert.IsFalse(cluster.DataCopiedFromTemplate);
                await AssertServesAsync(cluster);
            }

            await AssertNextStartCopiesAsync(root, binDirectory);
        });
    }

    [TestMethod]
    public async Task Two_starts_at_once_both_serve_and_leave_one_complete_template()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            var starts = await Task.WhenAll(
                LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken),
                LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken));
            try
            {
                Assert.AreNotEqual(starts[0].DataDirectory, starts[1].DataDirectory);
                foreach (var cluster in starts)
                {
                    await AssertServesAsync(cluster);
                }
            }
            finally
            {
                foreach (var cluster in starts)
                {
                    await cluster.DisposeAsync();
                }
            }

            Assert.HasCount(1, Directory.GetDirectories(CacheFolder(root)), "the loser's staging folder is removed, the winner's template kept");
            await AssertNextStartCopiesAsync(root, binDirectory);
        });
    }

    [TestMethod]
    public async Task Publishing_a_template_removes_stale_leftovers_and_keeps_recent_ones()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            var stale = Directory.CreateDirectory(Path.Combine(CacheFolder(root), "0123456789abcdef.staging-killedrun")).FullName;
            Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
            var recent = Directory.CreateDirectory(Path.Combine(CacheFolder(root), "fedcba9876543210")).FullName;

            await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();

            Assert.IsFalse(Directory.Exists(stale), "a leftover older than an hour is removed when a template is published");
            Assert.IsTrue(Directory.Exists(recent), "a recent sibling may belong to a start still running, so it stays");
        });
    }

    [TestMethod]
    public async Task A_server_that_fails_to_start_from_a_copied_template_is_reported_with_its_log()
    {
        await WithRootAsync(async (root, binDirectory) =>
        {
            await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();

            // Same byte count, so the copy matches the marker and the server itself must refuse the setting.
            var configuration = Path.Combine(Path.GetDirectoryName(SingleTemplateMarker(root))!, "data", "postgresql.conf");
            var length = new FileInfo(configuration).Length;
            var broken = "shared_buffers = 'not a size'\n";
            File.WriteAllText(configuration, broken + new string('#', (int)length - broken.Length - 1) + "\n");

            var failure = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
                () => LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken));

            StringAssert.Contains(failure.Message, "pg_ctl start failed");
            StringAssert.Contains(failure.Message, "shared_buffers", "the server log's reason is part of the message");
            Assert.IsEmpty(
                Directory.GetDirectories(root, "migrations-build-pg-*"),
                "the failed cluster's directory is removed (its server never ran, or was stopped)");
        });
    }

    [TestMethod]
    public async Task Starts_from_the_template_are_timed_for_the_bench()
    {
        // Interleaved: on disk (/tmp) and in the folder a start picks by default (/dev/shm when it is a roomy tmpfs).
        var parents = new[] { ClusterParentDirectory.DiskDefault, ClusterParentDirectory.Choose() }.Distinct().ToArray();
        await WithRootAsync(parents[0], async (diskRoot, binDirectory) =>
        {
            await WithRootAsync(parents[^1], async (defaultRoot, _) =>
            {
                string[] roots = [.. new[] { diskRoot, defaultRoot }.Distinct()];
                var durations = roots.ToDictionary(root => root, _ => new List<double>());
                foreach (var root in roots)
                {
                    await (await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken)).DisposeAsync();
                }

                for (var round = 0; round < 5; round++)
                {
                    foreach (var root in roots)
                    {
                        var stopwatch = Stopwatch.StartNew();
                        await using var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken);
                        durations[root].Add(stopwatch.Elapsed.TotalMilliseconds);
                        Assert.IsTrue(cluster.DataCopiedFromTemplate);
                        await AssertServesAsync(cluster);
                    }
                }

                foreach (var (root, times) in durations)
                {
                    times.Sort();
                    TestContext.WriteLine($"5 starts from the template under {Path.GetDirectoryName(root)}: median {times[2]:F0} ms, min {times[0]:F0}, max {times[4]:F0} (copy + start until ready)");
                }
            });
        });
    }

    private async Task AssertNextStartCopiesAsync(string root, string binDirectory)
    {
        await using var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken);
        Assert.IsTrue(cluster.DataCopiedFromTemplate, "the rebuilt template is used by the next start");
        await AssertServesAsync(cluster);
    }

    private async Task<LocalCluster> StartTimedAsync(string binDirectory, string root, string label)
    {
        var stopwatch = Stopwatch.StartNew();
        var cluster = await LocalCluster.StartAsync(binDirectory, root, TestContext.CancellationToken);
        TestContext.WriteLine($"{label}: {stopwatch.Elapsed.TotalMilliseconds:F0} ms until the server accepts connections");
        return cluster;
    }

    private async Task AssertServesAsync(LocalCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync(TestContext.CancellationToken);
        await using var command = new NpgsqlCommand(
            "create table note (body text); insert into note values ('kept'); select body from note",
            connection);
        Assert.AreEqual("kept", await command.ExecuteScalarAsync(TestContext.CancellationToken));
    }

    private static string CacheFolder(string root) => Path.Combine(root, ClusterTemplate.CacheFolderPrefix + Environment.UserName);

    private static string SingleTemplateMarker(string root)
    {
        var templates = Directory.GetDirectories(CacheFolder(root));
        Assert.HasCount(1, templates, "one template per server binaries, tool build and initdb options");
        var marker = Path.Combine(templates[0], ClusterTemplate.MarkerFileName);
        Assert.IsTrue(File.Exists(marker), "a published template carries its marker");
        return marker;
    }

    private Task WithRootAsync(Func<string, string, Task> body) => WithRootAsync("/tmp", body);

    private async Task WithRootAsync(string parent, Func<string, string, Task> body)
    {
        var search = await PostgresBinDirectorySearch.RunAsync(null, TestContext.CancellationToken);
        if (search.Usable.Count == 0)
        {
            Assert.Inconclusive("no PostgreSQL server binaries on this machine");
        }

        var root = Directory.CreateDirectory(Path.Combine(parent, "mbt-template-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            await body(root, search.Usable[0].Path);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
