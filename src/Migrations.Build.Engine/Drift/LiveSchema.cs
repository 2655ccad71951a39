using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Npgsql;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// The live side of a <see cref="LiveSchemaComparison"/>: its schema snapshot, the user the session runs as, the
/// roles the server knows (the replay needs them to exist) and its release. Read with catalog reads only, in a
/// session whose transactions are read-only (<see cref="ReadOnlySession"/>): no write, no lock beyond AccessShare.
/// </summary>
internal sealed record LiveSchema(SchemaSnapshot Snapshot, string SessionUser, IReadOnlyList<string> Roles, PostgresRelease Release)
{
    public static async Task<LiveSchema> ReadAsync(OperationContext live, SnapshotOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await ReadOnlySession.OpenAsync(live, "drift check", cancellationToken).ConfigureAwait(false);

        // Built-in pg_* roles exist on every server of a release; only the cluster's own roles can be missing on the throwaway one.
        await using var command = new NpgsqlCommand(
            "select current_user, current_setting('server_version_num')::int, array(select rolname::text from pg_catalog.pg_roles where rolname !~ '^pg_' order by 1)",
            connection);
        string sessionUser;
        PostgresRelease release;
        string[] roles;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            sessionUser = reader.GetString(0);
            release = PostgresRelease.FromServerVersionNumber(reader.GetInt32(1));
            roles = reader.GetFieldValue<string[]>(2);
        }

        var snapshot = await SchemaSnapshotReader.ReadAsync(connection, options, cancellationToken).ConfigureAwait(false);
        return new LiveSchema(snapshot, sessionUser, roles, release);
    }
}
