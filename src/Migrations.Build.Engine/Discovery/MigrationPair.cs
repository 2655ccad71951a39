namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// A forward migration and its rollback, identified by version and name. Discovery only yields pairs whose
/// forward exists; the rollback is null when it is missing (and MIG0001 has been reported).
/// </summary>
public sealed record MigrationPair(string Version, string Name, MigrationFile Forward, MigrationFile? Rollback, bool IsIrreversible)
{
    /// <summary><c>version_name</c>: how users and the history table name a migration.</summary>
    public string Id => Version + "_" + Name;
}
