using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// Makes the live server's roles exist on the throwaway server, so that a replayed <c>GRANT … TO app_reader</c>,
/// <c>CREATE POLICY … TO authenticated</c> or <c>ALTER … OWNER TO</c> runs as it ran live.
/// </summary>
/// <remarks>
/// Missing roles are created <c>NOLOGIN</c>. A role the migrations ran as is created <c>NOLOGIN SUPERUSER</c>: the
/// replay runs each migration as its role (<c>SET SESSION AUTHORIZATION</c>), so the objects it makes have the owner,
/// grantors and default privileges the live ones have, and superuser lets it do whatever the role could do live.
/// A NOLOGIN role that nobody is a member of can only be taken on by a superuser, so neither gives anyone a power
/// they lacked. Roles are cluster-wide and outlive the throwaway database: a temporary cluster or container goes with
/// them; on a MIGRATIONS_LOCAL_URL server they are left in place, because a concurrent replay on the same server may be
/// using them (they hold nothing and cannot log in).
/// </remarks>
internal static class ReplayRoles
{
    private const string DuplicateObject = "42710";

    /// <returns>The roles this call created, in name order.</returns>
    /// <exception cref="HistoryReplayException">A migration ran as another role and the throwaway session is not a superuser.</exception>
    public static async Task<IReadOnlyList<string>> EnsureAsync(
        NpgsqlConnection connection,
        IEnumerable<string> liveRoles,
        IReadOnlyCollection<string> runAs,
        CancellationToken cancellationToken)
    {
        var (self, isSuperuser, existing) = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var others = runAs.Where(role => role != self).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (others.Count > 0 && !isSuperuser)
        {
            throw new HistoryReplayException(
                $"the throwaway server's role {self} is not a superuser, so the replay cannot run the migrations as {string.Join(", ", others)}, the role(s) that ran them live; "
                + $"point {Local.ThrowawayServerOptions.LocalUrlVariable} at a superuser, or unset it so a temporary cluster or container is used.");
        }

        var created = new List<string>();
        foreach (var role in liveRoles.Concat(runAs).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (existing.Contains(role))
            {
                continue;
            }

            var attributes = others.Contains(role) ? "nologin superuser" : "nologin";
            await using var command = new NpgsqlCommand($"create role {SqlIdentifier.Quote(role)} {attributes}", connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                created.Add(role);
            }
            catch (PostgresException exception) when (exception.SqlState == DuplicateObject)
            {
                // Another replay on the same server created it between our read and this statement: it exists, as needed.
            }
        }

        return created;
    }

    private static async Task<(string Self, bool IsSuperuser, HashSet<string> Existing)> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select current_user, (select rolsuper from pg_catalog.pg_roles where rolname = current_user), array(select rolname::text from pg_catalog.pg_roles)",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetString(0), reader.GetBoolean(1), new HashSet<string>(reader.GetFieldValue<string[]>(2), StringComparer.Ordinal));
    }
}
