using System.Runtime.InteropServices;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// The file type bits of <c>stat(2)</c>, which .NET exposes nowhere: <see cref="File.GetAttributes(string)"/> and
/// <see cref="FileSystemInfo.UnixFileMode"/> report a named pipe, a socket and a device exactly like a regular file.
/// Read through the runtime's own native shim (libSystem.Native, present wherever .NET runs on Unix) because its
/// <c>FileStatus</c> layout is the same on every Unix and architecture, unlike libc's <c>struct stat</c>.
/// </summary>
internal static class UnixFileType
{
    private const int TypeMask = 0xF000;

    public const int NamedPipe = 0x1000;
    public const int CharacterDevice = 0x2000;
    public const int Directory = 0x4000;
    public const int BlockDevice = 0x6000;
    public const int RegularFile = 0x8000;
    public const int Socket = 0xC000;

    /// <summary>
    /// The type bits of what <paramref name="path"/> names, following symbolic links; null when the path cannot be
    /// examined (it vanished, a permission) or the shim is unavailable, so the caller falls back to reading it.
    /// </summary>
    public static int? Of(string path)
    {
        try
        {
            return Stat(NullTerminatedUtf8(path), out var status) == 0 ? status.Mode & TypeMask : null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The path as the shim takes it; bytes rather than a marshalled string keep the encoding explicit.</summary>
    private static byte[] NullTerminatedUtf8(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    // DllImport rather than LibraryImport: the latter would force unsafe code on this project for one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat(byte[] path, out FileStatus status);

    /// <summary>
    /// The start of the shim's <c>FileStatus</c>: Flags then Mode lead it in every .NET release. The declared size
    /// is more than the whole native struct, so the shim never writes past this buffer whatever it appends later.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }
}
