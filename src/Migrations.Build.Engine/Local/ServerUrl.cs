using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Reads a URL that names a server for throwaway databases (MIGRATIONS_LOCAL_URL) with the product's own parser.
/// The one difference: without a database in the URL the maintenance database <c>postgres</c> is used instead of
/// libpq's "database named after the user", because the URL names a server, not a database, and that default
/// database rarely exists on a server set aside for throwaway databases.
/// </summary>
public static class ServerUrl
{
    public const string MaintenanceDatabase = "postgres";

    /// <exception cref="ConnectionUrlFormatException">The value is unusable; the message never contains the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var connection = ConnectionUrl.Parse(value);
        if (NamesNoDatabase(value.Trim(), connection))
        {
            connection.Database = MaintenanceDatabase;
        }

        return connection;
    }

    private static bool NamesNoDatabase(string value, NpgsqlConnectionStringBuilder connection)
    {
        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        var isUri = schemeEnd > 0
            && (value[..schemeEnd].Equals("postgres", StringComparison.OrdinalIgnoreCase)
                || value[..schemeEnd].Equals("postgresql", StringComparison.OrdinalIgnoreCase));
        if (!isUri)
        {
            return string.IsNullOrEmpty(connection.Database);
        }

        // ConnectionUrl has already filled in libpq's default, so only the text can tell whether a path was given.
        var afterScheme = value[(schemeEnd + 3)..];
        var authorityEnd = afterScheme.IndexOfAny(['/', '?']);
        if (authorityEnd < 0 || afterScheme[authorityEnd] == '?')
        {
            return true;
        }

        var pathEnd = afterScheme.IndexOf('?', authorityEnd);
        var path = pathEnd < 0 ? afterScheme[(authorityEnd + 1)..] : afterScheme[(authorityEnd + 1)..pathEnd];
        return path.Length == 0;
    }
}
