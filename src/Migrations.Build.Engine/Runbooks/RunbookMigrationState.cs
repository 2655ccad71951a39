namespace Migrations.Build.Engine.Runbooks;

/// <summary>Where one migration a deploy meant to apply ended up, as the runbook reports it.</summary>
internal enum RunbookMigrationState
{
    Applied,

    /// <summary>Failed inside its transaction: nothing of it is applied.</summary>
    Failed,

    /// <summary>A no-transaction migration that failed part way: some statements applied, recorded as partial.</summary>
    Partial,

    /// <summary>After the failure, so never started.</summary>
    NotAttempted,
}
