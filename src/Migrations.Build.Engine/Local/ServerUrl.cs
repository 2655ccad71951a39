using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Reads a URL that names a server for throwaway databases (MIGRATIONS_LOCAL_URL) with the product's own parser.
/// The one difference: without a database in the URL the maintenance database <c>postgres</c> is used instead of
/// libpq's "database named after the user", because the URL names a server, not a database, and that default
/// database rarely exists on a server set aside for throwaway databases.
/// </summary>
internal static class ServerUrl
{
    public const string MaintenanceDatabase = "postgres";

    /// <exception cref="ConnectionUrlFormatException">The value is unusable; the message never contains the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parsed = ConnectionUrl.Read(value);
        if (!parsed.NamesDatabase)
        {
            parsed.Connection.Database = MaintenanceDatabase;
        }

        return parsed.Connection;
    }
}
