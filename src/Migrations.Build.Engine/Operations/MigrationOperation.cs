namespace Migrations.Build.Engine.Operations;

/// <summary>
/// What a database target does: the one vocabulary that environment resolution, gates, messages, the lock holder's
/// application name and history rows all speak. History stores it as lower-case text (<c>deploy</c>, <c>test</c>…).
/// </summary>
public enum MigrationOperation
{
    /// <summary>TestMigration: apply, roll back, prove the schema is restored, re-apply.</summary>
    Test,

    /// <summary>DeployMigration.</summary>
    Deploy,

    /// <summary>RollbackMigration.</summary>
    Rollback,

    /// <summary>MigrationStatus: reads history only, changes nothing, never written to history.</summary>
    Status,

    /// <summary>ResolveMigration: records how a partial migration was settled by hand; runs no migration SQL.</summary>
    Resolve,

    /// <summary>
    /// MigrationDrift: compares the live schema with a replay of the history on a throwaway database. Reads only, like
    /// Status: no lock, never written to history.
    /// </summary>
    Drift,

    /// <summary>
    /// BaselineMigration: adopts a database whose schema already exists by recording every migration up to a version as
    /// applied without running it, after proving the live schema equals their replay.
    /// </summary>
    Baseline,
}
