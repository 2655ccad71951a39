using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// A session on a live database that cannot write: every transaction in it is read-only
/// (<c>default_transaction_read_only</c>), so a drift check — or a bug in one — can only ever take AccessShare locks
/// and change nothing, whatever it runs. Its reads wait for a lock no longer than the operation's lock timeout
/// (<c>MigrationsLockTimeout</c>): a session holding an ACCESS EXCLUSIVE lock on a table the check reads ends the check
/// with a coded error (MIG1044) instead of a hang.
/// </summary>
internal static class ReadOnlySession
{
    public static async Task<NpgsqlConnection> OpenAsync(OperationContext live, string purpose, CancellationToken cancellationToken)
    {
        var connection = await OperationConnection.OpenAsync(live, purpose, cancellationToken).ConfigureAwait(false);
        try
        {
            // Session settings, not startup options: connection poolers (PgBouncer, Supavisor) refuse unknown startup options.
            await using var command = new NpgsqlCommand("select set_config('default_transaction_read_only', 'on', false), set_config('lock_timeout', $1, false)", connection);
            command.Parameters.AddWithValue(live.Execution.LockTimeout);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
