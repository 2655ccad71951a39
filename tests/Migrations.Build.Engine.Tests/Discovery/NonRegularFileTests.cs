using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>
/// Anything named like a migration that is not a regular file is MIG0011 at its path, found without opening it: a
/// regression to opening a named pipe would wait for a writer forever, so every test is bounded by a timeout.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed class NonRegularFileTests
{
    private const int Bound = 30_000;
    private const string Forward = "20250101000000_x.sql";
    private const string Rollback = "20250101000000_x_rollback.sql";

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// The forward is the special path and the rollback a real file, so MIG0011 is the only problem: the special path
    /// still pairs (no MIG0001 or MIG0002 on top).
    /// </summary>
    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    [DataRow("pipe", "a named pipe (FIFO)")]
    [DataRow("socket", "a Unix domain socket")]
    [DataRow("directory", "a directory")]
    [DataRow("link to /dev/zero", "a symbolic link to a character device")]
    [DataRow("link to a pipe", "a symbolic link to a named pipe (FIFO)")]
    [DataRow("dangling link", "a symbolic link whose target '../shared/20250101000000_x.sql' does not exist")]
    public async Task A_path_that_is_not_a_regular_file_is_MIG0011_and_still_pairs(string kind, string description)
    {
        using var folder = new MigrationFolder();
        var forward = Path.Combine(folder.Root, Forward);
        using var socket = Make(kind, forward, folder);
        folder.Write(Rollback, "drop table t;\n");

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        var diagnostic = set.Diagnostics.Single();
        Assert.AreEqual("MIG0011", diagnostic.Code, diagnostic.ToString());
        Assert.AreEqual(new SourceLocation(forward, 1, 1), diagnostic.Location);
        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual(
            $"'{Forward}' is not a regular file but {description}, so it cannot be read as a migration; replace it with a regular file holding the migration's SQL (a symbolic link to one is fine), or move it out of the folder.",
            diagnostic.Message);
        Assert.AreEqual("20250101000000_x", set.Pairs.Single().Id);
    }

    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task A_symbolic_link_loop_is_MIG0011_for_each_link()
    {
        using var folder = new MigrationFolder();
        var forward = SpecialFiles.SymbolicLink(Path.Combine(folder.Root, Forward), Rollback);
        var rollback = SpecialFiles.SymbolicLink(Path.Combine(folder.Root, Rollback), Forward);

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { forward, rollback }, set.Diagnostics.Select(d => d.Location.FilePath).ToArray(), string.Join(Environment.NewLine, set.Diagnostics));
        foreach (var diagnostic in set.Diagnostics)
        {
            Assert.AreEqual("MIG0011", diagnostic.Code, diagnostic.ToString());
            StringAssert.Contains(diagnostic.Message, "is not a regular file but a symbolic link loop (following it never reaches a file)");
        }
    }

    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task A_directory_not_named_like_a_migration_is_still_just_a_subfolder()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_x");
        Directory.CreateDirectory(Path.Combine(folder.Root, "seeds.sql"));

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        Assert.IsEmpty(set.Diagnostics, string.Join(Environment.NewLine, set.Diagnostics));
    }

    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task Symbolic_links_to_regular_files_are_followed_and_read()
    {
        using var folder = new MigrationFolder();
        var forward = folder.Write("shared/forward.txt", "create table t (id int);\n");
        var middle = SpecialFiles.SymbolicLink(Path.Combine(folder.Root, "middle"), forward);
        SpecialFiles.SymbolicLink(Path.Combine(folder.Root, Forward), middle);
        SpecialFiles.SymbolicLink(Path.Combine(folder.Root, Rollback), folder.Write("shared/rollback.txt", "drop table t;\n"));

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        Assert.IsEmpty(set.Diagnostics, string.Join(Environment.NewLine, set.Diagnostics));
        Assert.AreEqual(MigrationText.ComputeChecksum("create table t (id int);\n"), set.Pairs.Single().Forward.Checksum);
        Assert.AreEqual(MigrationText.ComputeChecksum("drop table t;\n"), set.Pairs.Single().Rollback!.Checksum);
    }

    /// <summary>Puts the kind of path at <paramref name="path"/>; returns the socket to keep open (its file goes when it closes).</summary>
    private static IDisposable? Make(string kind, string path, MigrationFolder folder)
    {
        switch (kind)
        {
            case "pipe":
                SpecialFiles.NamedPipe(path);
                return null;
            case "socket":
                return SpecialFiles.Socket(path);
            case "directory":
                Directory.CreateDirectory(path);
                return null;
            case "link to /dev/zero":
                SpecialFiles.SymbolicLink(path, "/dev/zero");
                return null;
            case "link to a pipe":
                SpecialFiles.SymbolicLink(path, SpecialFiles.NamedPipe(Path.Combine(folder.Root, "pipe")));
                return null;
            default:
                SpecialFiles.SymbolicLink(path, "../shared/20250101000000_x.sql");
                return null;
        }
    }
}
