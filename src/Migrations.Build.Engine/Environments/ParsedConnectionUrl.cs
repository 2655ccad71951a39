using Npgsql;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// A URL read once: what Npgsql needs to connect, and the facts about the text that the settings alone no longer
/// show (libpq's defaults are already filled in). A class, not a record: a generated ToString would print the
/// password.
/// </summary>
internal sealed class ParsedConnectionUrl
{
    internal ParsedConnectionUrl(NpgsqlConnectionStringBuilder connection, bool namesDatabase)
    {
        Connection = connection;
        NamesDatabase = namesDatabase;
    }

    /// <summary>The parsed settings, password included; owned by whoever asked for the parse.</summary>
    public NpgsqlConnectionStringBuilder Connection { get; }

    /// <summary>
    /// Whether the value itself named a database (a URI path, a <c>Database=</c> key). A URI without one connects,
    /// as libpq does, to the database named after the user; a URL that names a server rather than a database
    /// (MIGRATIONS_LOCAL_URL) needs to know the difference.
    /// </summary>
    public bool NamesDatabase { get; }
}
