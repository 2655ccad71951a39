namespace Migrations.Build.Engine.Environments;

/// <summary>The public MSBuild target behind each operation, so messages can tell users exactly what to run.</summary>
public static class MigrationOperationTargets
{
    public static string TargetName(MigrationOperation operation) => operation switch
    {
        MigrationOperation.Test => "TestMigration",
        MigrationOperation.Deploy => "DeployMigration",
        MigrationOperation.Rollback => "RollbackMigration",
        MigrationOperation.Status => "MigrationStatus",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a migration operation"),
    };

    /// <summary>Whether the operation writes to the database (everything except reading status).</summary>
    public static bool ChangesDatabase(MigrationOperation operation) => operation != MigrationOperation.Status;
}
