using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Local;
using Npgsql;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// The throwaway database the Local replay works in, and the forwards applied to it so far. After a proof that
/// failed outside one transaction the database may hold anything; <see cref="RebuildAsync"/> then replaces it with a
/// fresh one holding exactly those forwards, so the next migrations are judged on the schema the chain produces.
/// </summary>
internal sealed class ReplayDatabase : IAsyncDisposable
{
    private const string NamePrefix = "migrations_test";

    private readonly ThrowawayServer server;
    private readonly LocalBootstrap bootstrap;
    private readonly ExecutionSettings execution;
    private readonly List<MigrationPair> applied = [];
    private ThrowawayDatabase database;

    private ReplayDatabase(ThrowawayServer server, LocalBootstrap bootstrap, ExecutionSettings execution, ThrowawayDatabase database, NpgsqlConnection connection)
    {
        this.server = server;
        this.bootstrap = bootstrap;
        this.execution = execution;
        this.database = database;
        Connection = connection;
    }

    public NpgsqlConnection Connection { get; private set; }

    /// <summary>Whether the connection still answers; a proof that lost it (MIG1021) leaves it broken.</summary>
    public bool IsOpen => Connection.FullState == System.Data.ConnectionState.Open;

    public static async Task<ReplayDatabase> CreateAsync(ThrowawayServer server, LocalBootstrap bootstrap, ExecutionSettings execution, CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync(NamePrefix, bootstrap, cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new ReplayDatabase(server, bootstrap, execution, database, connection);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records that <paramref name="pair"/>'s forward is now in the database (applied or proven and re-applied).</summary>
    public void MarkApplied(MigrationPair pair) => applied.Add(pair);

    /// <summary>Runs <paramref name="pair"/>'s forward as a deploy would: in one transaction unless marked no-transaction.</summary>
    public Task<ExecutionOutcome> ApplyAsync(MigrationPair pair, CancellationToken cancellationToken) =>
        ApplyAsync(Connection, pair, cancellationToken);

    /// <summary>
    /// Drops the database and creates a fresh one holding every forward marked applied, in order. Returns the outcome
    /// of the first forward that fails on the way (with its pair), or null when the rebuild is complete.
    /// </summary>
    public async Task<(MigrationPair Pair, ExecutionOutcome Outcome)?> RebuildAsync(CancellationToken cancellationToken)
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        await database.DisposeAsync().ConfigureAwait(false);
        database = await server.CreateDatabaseAsync(NamePrefix, bootstrap, cancellationToken).ConfigureAwait(false);
        Connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pair in applied)
        {
            var outcome = await ApplyAsync(Connection, pair, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return (pair, outcome);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        await database.DisposeAsync().ConfigureAwait(false);
    }

    private Task<ExecutionOutcome> ApplyAsync(NpgsqlConnection connection, MigrationPair pair, CancellationToken cancellationToken) =>
        MigrationExecutor.RunAsDeployedAsync(connection, new MigrationScript(pair.Forward.Path, pair.Forward.Content!.Text), execution, cancellationToken);
}
