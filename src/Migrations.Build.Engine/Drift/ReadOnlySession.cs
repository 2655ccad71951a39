using Migrations.Build.Engine.Operations;
using Npgsql;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// A session on a live database that cannot write: every transaction in it is read-only
/// (<c>default_transaction_read_only</c>), so a drift check — or a bug in one — can only ever take AccessShare locks
/// and change nothing, whatever it runs.
/// </summary>
internal static class ReadOnlySession
{
    public static async Task<NpgsqlConnection> OpenAsync(OperationContext live, string purpose, CancellationToken cancellationToken)
    {
        var connection = await OperationConnection.OpenAsync(live, purpose, cancellationToken).ConfigureAwait(false);
        try
        {
            // A session setting, not a startup option: connection poolers (PgBouncer, Supavisor) refuse unknown startup options.
            await using var command = new NpgsqlCommand("set default_transaction_read_only = on", connection);
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
