using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Tests.Local;

/// <summary>
/// Throwaway clusters go to a memory-backed /dev/shm only when it is tmpfs, open to every user (the postgres user must
/// reach it when we run as root) and has room for what a migration loads; anything else keeps /tmp.
/// </summary>
[TestClass]
public sealed class ClusterParentDirectoryTests
{
    private const UnixFileMode Sticky777 = (UnixFileMode)0b1_111_111_111;

    [TestMethod]
    public void A_roomy_shared_tmpfs_is_chosen() =>
        Assert.AreEqual("/dev/shm", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", 24L << 30, Sticky777)));

    [TestMethod]
    public void A_small_tmpfs_such_as_docker_s_64_MB_keeps_tmp() =>
        Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", 64L << 20, Sticky777)));

    [TestMethod]
    public void Just_below_the_minimum_keeps_tmp_and_the_minimum_itself_is_enough()
    {
        Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", ClusterParentDirectory.MinimumAvailableBytes - 1, Sticky777)));
        Assert.AreEqual("/dev/shm", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", ClusterParentDirectory.MinimumAvailableBytes, Sticky777)));
    }

    [TestMethod]
    public void A_shm_on_disk_keeps_tmp() =>
        Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(new FolderFileSystem("ext4", 24L << 30, Sticky777)));

    [TestMethod]
    public void A_shm_closed_to_other_users_keeps_tmp()
    {
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", 24L << 30, ownerOnly)));
        Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(new FolderFileSystem("tmpfs", 24L << 30, Sticky777 & ~UnixFileMode.StickyBit)));
    }

    [TestMethod]
    public void No_shm_keeps_tmp() => Assert.AreEqual("/tmp", ClusterParentDirectory.Choose(sharedMemory: null));
}
