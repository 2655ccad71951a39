using Migrations.Build.Testing;

namespace Migrations.Build.Engine.Tests.Discovery;

/// <summary>
/// The search for misplaced migrations (MIG0008) never follows a symbolic link to a folder: .NET's recursive
/// enumeration does, so a link back up the tree searched the whole disk or went round until the path was too long.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed class LinkedSubfolderTests
{
    private const int Bound = 30_000;

    public TestContext TestContext { get; set; } = null!;

    /// <summary>Found by MigrationValidatorFuzzTests (seed 20250940): validation of this folder searched all of /tmp.</summary>
    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task Fuzz_seed_20250940_a_link_to_the_parent_folder_named_like_a_migration_is_MIG0011_and_not_searched()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250307040000_x");
        var link = SpecialFiles.SymbolicLink(Path.Combine(folder.Root, "20250724140000_x_rollback.sql"), "..");

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        var diagnostic = set.Diagnostics.Single(d => d.Code != "MIG0002");
        Assert.AreEqual("MIG0011", diagnostic.Code, diagnostic.ToString());
        Assert.AreEqual(link, diagnostic.Location.FilePath);
        StringAssert.Contains(diagnostic.Message, "is not a regular file but a symbolic link to a directory");
    }

    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task A_link_back_up_the_tree_inside_a_subfolder_is_not_followed()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_x");
        var misplaced = folder.Write("seeds/deeper/20240101000000_old.sql", "select 1;\n");
        SpecialFiles.SymbolicLink(Path.Combine(folder.Root, "seeds", "deeper", "up"), "..");
        SpecialFiles.SymbolicLink(Path.Combine(folder.Root, "seeds", "root"), "/");

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        var diagnostic = set.Diagnostics.Single();
        Assert.AreEqual("MIG0008", diagnostic.Code, diagnostic.ToString());
        Assert.AreEqual(misplaced, diagnostic.Location.FilePath);
    }

    [TestMethod]
    [Timeout(Bound, CooperativeCancellation = true)]
    public async Task A_subfolder_that_is_a_link_is_not_searched()
    {
        using var folder = new MigrationFolder();
        folder.WritePair("20250101000000_x");
        folder.Write("elsewhere/20240101000000_old.sql", "select 1;\n");
        SpecialFiles.SymbolicLink(Path.Combine(folder.Root, "archive"), Path.Combine(folder.Root, "elsewhere"));

        var set = await folder.DiscoverWithinAsync(TestContext.CancellationToken);

        var diagnostic = set.Diagnostics.Single();
        Assert.AreEqual("MIG0008", diagnostic.Code, diagnostic.ToString());
        Assert.AreEqual(Path.Combine(folder.Root, "elsewhere", "20240101000000_old.sql"), diagnostic.Location.FilePath);
    }
}
