namespace Migrations.Build.Engine.Operations;

/// <summary>Where one migration stands in one database, as MigrationStatus shows it.</summary>
public enum MigrationState
{
    /// <summary>On disk, never applied (or its last attempt failed and left nothing behind).</summary>
    Pending,

    /// <summary>Applied, and the forward file on disk still matches what ran.</summary>
    Applied,

    /// <summary>Applied, but the forward file on disk has changed since.</summary>
    Modified,

    /// <summary>The last deploy attempt failed; its transaction rolled back, so nothing of it is applied.</summary>
    Failed,

    /// <summary>A no-transaction migration stopped part way: some statements are applied, some are not.</summary>
    Partial,

    /// <summary>Applied once and rolled back since; pending again.</summary>
    RolledBack,

    /// <summary>Applied, but no longer on disk.</summary>
    MissingFile,

    /// <summary>
    /// Listed as applied only by the Supabase CLI's history (<c>supabase_migrations.schema_migrations</c>): neither
    /// on disk nor in our history. Only MigrationStatus shows it.
    /// </summary>
    SupabaseOnly,
}
