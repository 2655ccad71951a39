namespace Migrations.Build.Engine.Operations;

/// <summary>One line of MigrationStatus: a migration's state in one environment, with when, by whom and how long.</summary>
internal sealed record StatusRow(
    string Environment,
    string Version,
    string Name,
    MigrationState State,
    DateTimeOffset? AppliedAt,
    string? AppliedBy,
    long? ExecutionMilliseconds,
    string Notes)
{
    public string Id => Version + "_" + Name;
}
