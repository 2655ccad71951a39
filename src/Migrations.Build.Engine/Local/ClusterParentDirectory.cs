namespace Migrations.Build.Engine.Local;

/// <summary>What <see cref="ClusterParentDirectory"/> needs to know of a candidate folder's file system.</summary>
internal sealed record FolderFileSystem(string Format, long AvailableBytes, UnixFileMode Mode);

/// <summary>
/// Where throwaway clusters and their cached template live when the caller names no folder. A cluster is ≈1,000 mostly
/// tiny files, and a proof creates and removes relation files with every CREATE and DROP: on a disk file system that is
/// system time (a copy of the template measured 0.8–1.5 s of system CPU under load on ext4, 0.07–0.11 s on tmpfs), and
/// nothing of it is worth keeping (fsync is off, everything is deleted). So a memory-backed, world-writable /dev/shm with
/// room to spare is used when there is one; /tmp otherwise, as before (on Windows the temp path).
/// </summary>
internal static class ClusterParentDirectory
{
    public const string SharedMemory = "/dev/shm";
    public const string DiskDefault = "/tmp";

    /// <summary>
    /// Room left for what a migration loads, far above a cluster's ≈40 MB: a small /dev/shm (Docker gives containers
    /// 64 MB) would turn a large seed into "No space left on device" halfway through a proof.
    /// </summary>
    public const long MinimumAvailableBytes = 1L << 30;

    // The postgres user must reach the cluster when we run as root: the sticky, world-writable mode /tmp has.
    private const UnixFileMode SharedByAll = UnixFileMode.StickyBit | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Choose() =>
        OperatingSystem.IsWindows() ? Path.GetTempPath() : Choose(OperatingSystem.IsLinux() ? Probe(SharedMemory) : null);

    /// <summary>/dev/shm when <paramref name="sharedMemory"/> is tmpfs, open to every user and has room; /tmp otherwise.</summary>
    public static string Choose(FolderFileSystem? sharedMemory) =>
        sharedMemory is not null
        && string.Equals(sharedMemory.Format, "tmpfs", StringComparison.Ordinal)
        && sharedMemory.AvailableBytes >= MinimumAvailableBytes
        && (sharedMemory.Mode & SharedByAll) == SharedByAll
            ? SharedMemory
            : DiskDefault;

    private static FolderFileSystem? Probe(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
            {
                return null;
            }

            var drive = new DriveInfo(folder);
            return new FolderFileSystem(drive.DriveFormat, drive.AvailableFreeSpace, File.GetUnixFileMode(folder));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Anything unclear keeps the disk default that has always worked.
            return null;
        }
    }
}
