namespace Migrations.Build.Engine.Environments;

/// <summary>What a database target is about to do; environment resolution and gates depend on it.</summary>
public enum MigrationOperation
{
    /// <summary>TestMigration: apply, roll back, prove the schema is restored, re-apply.</summary>
    Test,

    /// <summary>DeployMigration.</summary>
    Deploy,

    /// <summary>RollbackMigration.</summary>
    Rollback,

    /// <summary>MigrationStatus: reads history only, changes nothing.</summary>
    Status,
}
