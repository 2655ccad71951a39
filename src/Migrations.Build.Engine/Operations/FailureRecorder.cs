using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Records a failed attempt on a connection of its own: the attempt's transaction rolled back and may have taken
/// the main connection with it, yet "failed migration attempts" must be visible in history.
/// </summary>
internal static class FailureRecorder
{
    public static async Task RecordAsync(OperationContext context, HistoryStore history, HistoryEntry failure)
    {
        try
        {
            await using var connection = await OperationConnection.OpenAsync(context, "record failure", CancellationToken.None).ConfigureAwait(false);
            await history.AppendAsync(connection, null, failure, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            context.Log.Important($"The failure of {failure.MigrationId} could not be recorded in {history.Location} ({exception.Message}); the migration itself was rolled back.");
        }
    }
}
