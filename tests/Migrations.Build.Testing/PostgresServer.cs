namespace Migrations.Build.Testing;

/// <summary>
/// The PostgreSQL server shared by every test in this process: started on first use, configured from
/// the environment, stopped by <see cref="StopAsync"/> (call it from [AssemblyCleanup]) or at process exit.
/// </summary>
/// <example>
/// <code>
/// await using var database = await PostgresServer.CreateDatabaseAsync("orders");
/// await using var connection = await database.OpenConnectionAsync();
/// </code>
/// </example>
public static class PostgresServer
{
    private static readonly Lock Gate = new();
    private static Task<RunningPostgresServer>? starting;

    /// <summary>
    /// The shared server. A failed start is remembered, so every test reports the same explanation at
    /// once instead of each paying for another round of attempts.
    /// </summary>
    public static Task<RunningPostgresServer> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<RunningPostgresServer> task;
        lock (Gate)
        {
            // Not tied to the first caller's token: one test's cancellation must not break the others.
            starting ??= Task.Run(() => PostgresServerResolver.StartAsync(PostgresServerOptions.FromEnvironment()), CancellationToken.None);
            task = starting;
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>A fresh, empty database with a unique name; dispose it to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var server = await GetAsync(cancellationToken).ConfigureAwait(false);
        return await server.CreateDatabaseAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the shared server if this process started one; the next use starts a new one.</summary>
    public static async Task StopAsync()
    {
        Task<RunningPostgresServer>? task;
        lock (Gate)
        {
            task = starting;
            starting = null;
        }

        if (task is null)
        {
            return;
        }

        try
        {
            var server = await task.ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
        }
        catch (PostgresServerUnavailableException)
        {
            // Nothing was started, so there is nothing to stop; the tests already reported why.
        }
    }
}
