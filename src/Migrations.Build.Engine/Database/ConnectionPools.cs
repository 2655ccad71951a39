using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Closes the idle connections Npgsql keeps pooled in this process. An engine command that runs inside a long-lived
/// host (a reused MSBuild node running the task in its own process) must leave no connection behind when it ends:
/// an idle pooled connection would hold a backend — and a slot of max_connections — for as long as the node lives,
/// and could block a DROP DATABASE of a throwaway database. The operation's own connection is unpooled; the pooled
/// ones are the throwaway-database and admin connections of TestMigration, VerifyBackup and the Local server.
/// </summary>
public static class ConnectionPools
{
    /// <summary>Closes every idle pooled connection; one still in use is closed when it is returned, not pooled.</summary>
    public static void ReleaseAll() => NpgsqlConnection.ClearAllPools();
}
