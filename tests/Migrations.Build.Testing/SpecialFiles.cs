using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Migrations.Build.Testing;

/// <summary>
/// Creates the things a migrations folder can hold besides regular files. Named pipes through libc's mkfifo rather
/// than the mkfifo program: no dependency on a tool on PATH, no process per pipe (the fuzz test makes many), and
/// the failure says why (errno).
/// </summary>
public static class SpecialFiles
{
    public static string NamedPipe(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return path;
    }

    /// <summary>A Unix domain socket bound to the path. Keep it open while the file is needed: .NET deletes the socket file when it closes the socket.</summary>
    public static Socket Socket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static string SymbolicLink(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
