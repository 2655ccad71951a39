namespace Migrations.Build.Engine.Operations;

/// <summary>One line of MigrationStatus: a migration's state in one environment, with when, by whom and how long.</summary>
/// <param name="DecidedBy">The operation of the history row that decided the state (deploy, rollback, resolve, baseline); null when none did.</param>
internal sealed record StatusRow(
    string Environment,
    string Version,
    string Name,
    MigrationState State,
    DateTimeOffset? AppliedAt,
    string? AppliedBy,
    long? ExecutionMilliseconds,
    string Notes,
    MigrationOperation? DecidedBy = null)
{
    /// <summary>
    /// Whether <c>supabase migration list</c> shows the migration as applied (its version has a row in
    /// <c>supabase_migrations.schema_migrations</c>); null when the environment has no such table or it could not be read.
    /// </summary>
    public bool? SupabaseListed { get; init; }

    public string Id => Version + "_" + Name;

    /// <summary>
    /// The state as the table and Markdown show it: an applied migration that BaselineMigration recorded (it never ran
    /// through the tool) says so, <c>applied (baselined)</c>.
    /// </summary>
    public string StateText =>
        MigrationStateText.Format(State) + (DecidedBy == MigrationOperation.Baseline && MigrationStateText.IsInDatabase(State) ? " (baselined)" : string.Empty);
}
