using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// A connection that holds the migration lock, with the history table ready: the way every operation that changes
/// a database starts. Disposing releases the lock and closes the connection.
/// </summary>
internal sealed class LockedSession : IAsyncDisposable
{
    private LockedSession(NpgsqlConnection connection, MigrationLock migrationLock, HistoryStore history)
    {
        Connection = connection;
        Lock = migrationLock;
        History = history;
    }

    public NpgsqlConnection Connection { get; }

    public HistoryStore History { get; }

    private MigrationLock Lock { get; }

    /// <summary>Opens, locks and prepares; returns null after reporting MIG1005 when another operation holds the lock.</summary>
    public static async Task<LockedSession?> OpenAsync(OperationContext context, string purpose, CancellationToken cancellationToken)
    {
        var connection = await OperationConnection.OpenAsync(context, purpose, cancellationToken).ConfigureAwait(false);
        try
        {
            MigrationLock migrationLock;
            try
            {
                migrationLock = await MigrationLock.AcquireAsync(connection, context.History, context.LockWait, context.Log.Important, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationLockBusyException busy)
            {
                context.Log.Report(new Diagnostic(
                    DiagnosticCatalog.MigrationLockBusy,
                    SourceLocation.None,
                    $"{busy.Message} Wait for it to finish and run again, or raise {PublicSurface.LockWaitProperty} (now {context.LockWait.TotalSeconds:0.#} s)."));
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var history = new HistoryStore(context.History);
            await history.EnsureCreatedAsync(connection, cancellationToken).ConfigureAwait(false);
            return new LockedSession(connection, migrationLock, history);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Lock.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
