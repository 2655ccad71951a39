namespace Migrations.Build.Engine.Discovery;

/// <summary>Whether a migration file moves the schema forward or undoes a forward file.</summary>
public enum MigrationRole
{
    Forward,
    Rollback,
}
