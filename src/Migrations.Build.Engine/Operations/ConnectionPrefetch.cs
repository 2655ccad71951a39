using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// The connection a deploy will use, opened on another thread while the build validates the migrations: opening one
/// (the connection string, the TCP and authentication exchange, a cold process's first use of Npgsql) is ≈ 0.1 s of
/// work that otherwise waits for validation, which on a large folder is the longer of the two. Nothing is sent on it
/// before the operation takes it; a failed opening is not reported here but rethrown to whoever takes it, so the
/// operation fails exactly as it would have by opening it then. Not taken (validation failed, a gate refused, the
/// target changed), it is cancelled and closed on disposal.
/// </summary>
internal sealed class ConnectionPrefetch : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly CancellationTokenSource cancellation;
    private Task<NpgsqlConnection>? opening;

    private ConnectionPrefetch(string connectionString, CancellationTokenSource cancellation, Task<NpgsqlConnection> opening)
    {
        this.connectionString = connectionString;
        this.cancellation = cancellation;
        this.opening = opening;
    }

    /// <param name="connectionString">As <see cref="OperationConnection.ConnectionStringFor"/> makes it.</param>
    public static ConnectionPrefetch Start(string connectionString, CancellationToken cancellationToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opening = Task.Run(() => OperationConnection.OpenAsync(connectionString, cancellation.Token), CancellationToken.None);
        return new ConnectionPrefetch(connectionString, cancellation, opening);
    }

    /// <summary>The opening, once, to the first caller that asks for the same connection string; otherwise null.</summary>
    public Task<NpgsqlConnection>? Take(string wanted) =>
        string.Equals(wanted, connectionString, StringComparison.Ordinal) ? Interlocked.Exchange(ref opening, null) : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref opening, null) is { } untaken)
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await (await untaken.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Nobody took it, so nobody waits on its outcome: whatever stopped it (a refused login, an unreachable
                // host, the cancellation above) is the operation's own connection's to report, if it ever opens one.
            }
        }

        cancellation.Dispose();
    }
}
