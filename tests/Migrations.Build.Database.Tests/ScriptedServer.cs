using System.Net;
using System.Net.Sockets;

namespace Migrations.Build.Database.Tests;

/// <summary>
/// A loopback TCP server that runs one script per connection, for failures a real test server cannot produce on
/// demand. Every connection is served, not just the first: Npgsql retries some failed attempts on a new one.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task serving;

    public ScriptedServer(Func<NetworkStream, CancellationToken, Task> script)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        serving = ServeAsync(script);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await serving;
        stopping.Dispose();
    }

    private async Task ServeAsync(Func<NetworkStream, CancellationToken, Task> script)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                connections.Add(RunAsync(client, script));
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task RunAsync(TcpClient client, Func<NetworkStream, CancellationToken, Task> script)
    {
        using (client)
        {
            try
            {
                await script(client.GetStream(), stopping.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or EndOfStreamException)
            {
                // The client hung up first, or the server is stopping.
            }
        }
    }
}
