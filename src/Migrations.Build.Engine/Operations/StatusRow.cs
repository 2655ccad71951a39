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
    /// <summary>
    /// Whether <c>supabase migration list</c> shows the migration as applied (its version has a row in
    /// <c>supabase_migrations.schema_migrations</c>); null when the environment has no such table or it could not be read.
    /// </summary>
    public bool? SupabaseListed { get; init; }

    public string Id => Version + "_" + Name;
}
