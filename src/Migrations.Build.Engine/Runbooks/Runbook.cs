namespace Migrations.Build.Engine.Runbooks;

/// <summary>
/// Everything a rollback runbook says about one deploy, as plain values (never the password), so the text is built
/// without a database.
/// </summary>
/// <param name="Migrations">The migrations the deploy meant to apply, in the order it applied them.</param>
/// <param name="BackupPath">The backup taken before the deploy; null when the environment has no Backup="true".</param>
/// <param name="BackupIsBuiltIn">Whether that backup is the built-in <c>pg_dump -Fc</c>, which pg_restore can restore.</param>
internal sealed record Runbook(
    string Environment,
    string HostAndPort,
    string Database,
    string DatabaseUser,
    string ClientHost,
    DateTimeOffset WrittenAt,
    IReadOnlyList<RunbookMigration> Migrations,
    string? BackupPath,
    bool BackupIsBuiltIn,
    RunbookSettings Settings);
