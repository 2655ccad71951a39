using System.Globalization;
using Npgsql;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// The libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE…) that point a client program such
/// as pg_dump or a backup command at a database. The connection travels in the child's environment, never on its
/// command line: a command line is visible to every user of the machine (ps) and is echoed in error messages.
/// </summary>
internal static class ClientEnvironment
{
    /// <summary>PGAPPNAME for backups and restores, so they are recognisable in pg_stat_activity.</summary>
    public const string BackupApplicationName = "Migrations.Build backup";

    /// <summary>
    /// The variables for <paramref name="connectionString"/>, with <paramref name="applicationName"/> as PGAPPNAME;
    /// null values remove an inherited variable.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> For(string connectionString, string applicationName)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // libpq fills settings from a service file before it reads PGHOST and the rest, so an inherited PGSERVICE
            // could quietly send the client to another server.
            ["PGSERVICE"] = null,
            ["PGHOST"] = connection.Host,
            ["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture),
            ["PGSSLMODE"] = SslMode(connection.SslMode),
            ["PGAPPNAME"] = applicationName,
        };
        Set(variables, "PGUSER", connection.Username);
        Set(variables, "PGPASSWORD", connection.Password);
        Set(variables, "PGDATABASE", connection.Database);
        Set(variables, "PGSSLROOTCERT", connection.RootCertificate);
        if (connection.Timeout > 0)
        {
            variables["PGCONNECT_TIMEOUT"] = connection.Timeout.ToString(CultureInfo.InvariantCulture);
        }

        return variables;
    }

    private static void Set(Dictionary<string, string?> variables, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            variables[name] = value;
        }
    }

    private static string SslMode(Npgsql.SslMode mode) => mode switch
    {
        Npgsql.SslMode.Disable => "disable",
        Npgsql.SslMode.Allow => "allow",
        Npgsql.SslMode.Require => "require",
        Npgsql.SslMode.VerifyCA => "verify-ca",
        Npgsql.SslMode.VerifyFull => "verify-full",
        _ => "prefer",
    };
}
