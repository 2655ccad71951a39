namespace Migrations.Build.Testing;

/// <summary>Where the PostgreSQL server used by a test process came from, in the order they are tried.</summary>
public enum PostgresServerSource
{
    DatabaseUrl,
    Testcontainers,
    LocalCluster,
}
