namespace Migrations.Build.Engine.Environments;

/// <summary>
/// One place migrations can run, as declared by a <c>&lt;MigrationEnvironment&gt;</c> item (contract §3). The URL
/// itself is never part of the declaration: it is read from <see cref="UrlVariable"/> at run time, so no password
/// is ever written into a project file.
/// </summary>
/// <param name="Name">Compared case-insensitively, as MSBuild compares item and property names.</param>
/// <param name="UrlVariable">Environment variable holding a postgres:// URI or an Npgsql connection string.</param>
/// <param name="ConfirmVariable">When set, the environment refuses changes unless this variable is exactly <c>true</c>.</param>
/// <param name="RequireTestedOn">Environment whose history must show a passed TestMigration before a deploy here.</param>
/// <param name="Backup">Whether a deploy here is preceded by a checked backup.</param>
internal sealed record MigrationEnvironment(
    string Name,
    string UrlVariable,
    string? ConfirmVariable = null,
    string? RequireTestedOn = null,
    bool Backup = false)
{
    public const string StagingName = "Staging";
    public const string ProductionName = "Production";
    public const string LocalName = "Local";

    public static MigrationEnvironment Staging { get; } = new(StagingName, "SUPABASE_STAGING_URL");

    public static MigrationEnvironment Production { get; } =
        new(ProductionName, "SUPABASE_PRODUCTION_URL", ConfirmVariable: "CONFIRM_PRODUCTION", RequireTestedOn: StagingName, Backup: true);

    /// <summary>
    /// A throwaway database, created for one run and dropped afterwards. Its variable names a server to create
    /// that database on; when unset, a container or a temporary local cluster provides one.
    /// </summary>
    public static MigrationEnvironment Local { get; } = new(LocalName, "MIGRATIONS_LOCAL_URL") { IsThrowaway = true };

    /// <summary>The environments every project has, in the order they are listed to users.</summary>
    public static IReadOnlyList<MigrationEnvironment> BuiltIn { get; } = [Staging, Production, Local];

    /// <summary>True for a database that exists only for one run (Local): nothing on it outlives the run.</summary>
    public bool IsThrowaway { get; init; }

    /// <summary>
    /// <c>CheckDrift="true"</c>: DeployMigration and RollbackMigration first compare the live schema with a replay of its
    /// history and refuse on drift (MIG1042), unless <c>MigrationsSkipDriftCheck=true</c>.
    /// </summary>
    public bool CheckDrift { get; init; }

    /// <summary>True when changes need an explicit confirmation (Production).</summary>
    public bool RequiresConfirmation => ConfirmVariable is not null;

    public bool HasName(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
