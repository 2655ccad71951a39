namespace Migrations.Build.Testing;

/// <summary>
/// Everything that decides which PostgreSQL server the tests get. Kept as plain data so that tests of
/// the provider itself can inject a configuration instead of mutating the process environment.
/// </summary>
public sealed record PostgresServerOptions
{
    public const string DatabaseUrlVariable = "MIGRATIONS_TEST_DATABASE_URL";

    /// <summary>A <c>postgres://</c> URI or an Npgsql connection string; null or blank means "not set".</summary>
    public string? DatabaseUrl { get; init; }

    public bool UseTestcontainers { get; init; } = true;

    public string ContainerImage { get; init; } = "postgres:15-alpine";

    /// <summary>
    /// Directories holding initdb and pg_ctl. Null means discover them (PATH, <c>pg_config --bindir</c>,
    /// /usr/lib/postgresql/&lt;highest&gt;/bin); a list, even an empty one, is used as given.
    /// </summary>
    public IReadOnlyList<string>? BinDirectories { get; init; }

    /// <summary>
    /// Parent of the throwaway cluster's directory. Null picks /tmp when running as root, because the
    /// postgres user must reach it and root's TMPDIR may live under /root.
    /// </summary>
    public string? TemporaryRoot { get; init; }

    /// <summary>Upper bound for starting a container, so a wedged Docker cannot hang the test run.</summary>
    public TimeSpan ContainerStartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public static PostgresServerOptions FromEnvironment() => new()
    {
        DatabaseUrl = Environment.GetEnvironmentVariable(DatabaseUrlVariable),
    };
}
