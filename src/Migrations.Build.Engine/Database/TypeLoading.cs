using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Our connections skip Npgsql's type loading. On its first connection to a database, Npgsql otherwise sends a query
/// that joins every row of <c>pg_type</c> with <c>pg_class</c> and <c>pg_proc</c> to learn the database's own types:
/// 0.15–0.6 s of server time in a database of 10,000 tables (two rows per table), most of a no-op deploy's own cost
/// (bench/README.md, "typeload"). Nothing we read needs it: every value the engine reads is of a built-in type Npgsql
/// knows without asking (text, text[], integers, bool, oid, name, timestamptz, interval); a migration's own result
/// rows, of whatever type, are executed and discarded, never read. Tests run every target with it, and
/// <c>UserTypesInMigrationResultsTests</c> deploys, rolls back and proves migrations whose statements return enums,
/// domains, composites and ranges.
/// </summary>
internal static class TypeLoading
{
    /// <summary>Turns Npgsql's type loading off, unless the connection URL chose a compatibility mode itself.</summary>
    /// <remarks>
    /// Npgsql 9 marked the connection-string form obsolete in favour of <c>NpgsqlDataSourceBuilder.ConfigureTypeLoading</c>.
    /// The connection string is what we need: it travels with every connection made from it — the lock watcher's and
    /// the version probe's copies too — where a data source would have to own each of those connections' lives. If a
    /// later Npgsql drops the property, this stops compiling, and the upgrade has to choose.
    /// </remarks>
    public static void Skip(NpgsqlConnectionStringBuilder builder)
    {
#pragma warning disable CS0618 // See the remarks.
        if (builder.ServerCompatibilityMode == ServerCompatibilityMode.None)
        {
            builder.ServerCompatibilityMode = ServerCompatibilityMode.NoTypeLoading;
        }
#pragma warning restore CS0618
    }
}
