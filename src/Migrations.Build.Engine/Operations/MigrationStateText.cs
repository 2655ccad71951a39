namespace Migrations.Build.Engine.Operations;

/// <summary>How states are spelled in status output (the words the contract uses).</summary>
internal static class MigrationStateText
{
    public static string Format(MigrationState state) => state switch
    {
        MigrationState.Pending => "pending",
        MigrationState.Applied => "applied",
        MigrationState.Modified => "modified",
        MigrationState.Failed => "failed",
        MigrationState.Partial => "partial",
        MigrationState.RolledBack => "rolled back",
        MigrationState.MissingFile => "missing file",
        MigrationState.SupabaseOnly => "supabase only",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>States from which a deploy would apply the migration.</summary>
    public static bool IsDeployable(MigrationState state) =>
        state is MigrationState.Pending or MigrationState.Failed or MigrationState.RolledBack;

    /// <summary>States in which the migration's changes are (at least partly) in the database.</summary>
    public static bool IsInDatabase(MigrationState state) =>
        state is MigrationState.Applied or MigrationState.Modified or MigrationState.Partial or MigrationState.MissingFile;
}
