using System.Runtime.InteropServices;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// What the file system says about a file without opening it: its size, last write time and last status change time
/// (both to the nanosecond where the file system keeps them) and the device it is on. ValidateMigrations trusts a
/// validation cache entry whose stamp is unchanged (see <see cref="Analysis.Caching.ValidationCache"/> for why that is
/// safe and where it stops).
/// </summary>
/// <remarks>
/// The change time is what makes a stamp worth trusting: a program can set a file's modification time back (<c>touch
/// -d</c>, <c>cp -p</c>, <c>rsync -t</c>, an archive extracted with its times) but not its change time, which the kernel
/// sets to "now" on every write, rename, link or metadata change. A <c>git checkout</c> writes files with the current
/// time anyway. Windows exposes no change time to .NET, so there every file is read (<see cref="Read"/> is null).
/// Read through the runtime's own native shim, as <see cref="UnixFileType"/> does; only the fields that lead the shim's
/// <c>FileStatus</c> in every .NET release are used (the inode comes after a field added in .NET 7, so it is not).
/// </remarks>
internal readonly record struct FileStamp(long Length, long ModifiedSeconds, long ModifiedNanoseconds, long ChangedSeconds, long ChangedNanoseconds, long Device)
{
    private const int TypeMask = 0xF000;

    /// <summary>
    /// The stamp of the regular file <paramref name="path"/> names (following symbolic links); null on Windows, for
    /// anything but a regular file, and when the path cannot be examined: the caller then reads the file as always.
    /// </summary>
    public static FileStamp? Read(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var encoded = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, encoded);
            if (Stat(encoded, out var status) != 0 || (status.Mode & TypeMask) != UnixFileType.RegularFile)
            {
                return null;
            }

            return new FileStamp(status.Size, status.ModifiedSeconds, status.ModifiedNanoseconds, status.ChangedSeconds, status.ChangedNanoseconds, status.Device);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Adds the stamp's six numbers to <paramref name="hash"/>, little-endian: how a fingerprint takes a file in.</summary>
    public void AppendTo(System.Security.Cryptography.IncrementalHash hash)
    {
        Span<byte> numbers = stackalloc byte[6 * sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers, Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], ModifiedSeconds);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers[16..], ModifiedNanoseconds);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers[24..], ChangedSeconds);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers[32..], ChangedNanoseconds);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(numbers[40..], Device);
        hash.AppendData(numbers);
    }

    /// <summary>
    /// Whether both times are at least <paramref name="margin"/> before <paramref name="now"/>. A file written in the
    /// same clock tick as it is examined (or on a file system with coarse times, within its granularity) can change
    /// again without its stamp changing, so such a stamp is not recorded; the next run reads the file and records it
    /// then. A clock that runs behind the file system only makes stamps untrusted, never trusted wrongly.
    /// </summary>
    public bool IsSettled(DateTimeOffset now, TimeSpan margin)
    {
        var settledBefore = now.ToUnixTimeSeconds() - (long)Math.Ceiling(margin.TotalSeconds);
        return ModifiedSeconds < settledBefore && ChangedSeconds < settledBefore;
    }

    // DllImport rather than LibraryImport: the latter would force unsafe code on this project for one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat(byte[] path, out Status status);

    /// <summary>
    /// The leading fields of the shim's <c>FileStatus</c>, the same in every .NET release since 5; the declared size is
    /// more than the whole native struct, so the shim never writes past this buffer whatever it appends later.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct Status
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long AccessedSeconds;
        public long AccessedNanoseconds;
        public long ModifiedSeconds;
        public long ModifiedNanoseconds;
        public long ChangedSeconds;
        public long ChangedNanoseconds;
        public long BirthSeconds;
        public long BirthNanoseconds;
        public long Device;
    }
}
