using System.Net;
using System.Net.Sockets;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Asks the kernel for an unused loopback port. Another process may grab it before PostgreSQL binds,
/// which is why the cluster start retries with a new port when binding fails.
/// </summary>
internal static class FreeTcpPort
{
    public static int OnLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
