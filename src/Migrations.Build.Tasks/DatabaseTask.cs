using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>
/// The properties every database target shares, mapped onto the engine's <see cref="OperationSettings"/>; the
/// engine command does the whole sequence (validate, resolve, connect, gates, run) and reports through the build
/// log. Empty properties stay empty: the defaults are the engine's (<see cref="OperationDefaults"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is never disposed: MSBuild may call Cancel from another thread after Execute has returned (Ctrl+C racing the task's end), and a source without timers or a wait handle holds nothing to release.")]
public abstract class DatabaseTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary><c>Migration</c>: one migration by file name, version_name or version; empty for the operation's default.</summary>
    public string? Migration { get; set; }

    /// <summary><c>MigrationsEnvironment</c>: an explicit environment name.</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>The project's <c>MigrationEnvironment</c> items; they add to and override the built-in ones.</summary>
    public ITaskItem[] Environments { get; set; } = [];

    public string? HistorySchema { get; set; }

    public string? HistoryTable { get; set; }

    public string? LockTimeout { get; set; }

    public string? StatementTimeout { get; set; }

    public string? LockWait { get; set; }

    /// <summary><c>MigrationsExposedSchemas</c> with the SDK's Supabase default applied, so the validation before the run lints as the build does.</summary>
    public string? ExposedSchemas { get; set; }

    /// <summary>The project file, to print commands users can paste.</summary>
    public string? ProjectPath { get; set; }

    /// <summary>The project's obj/…/migrations folder, where the validation cache shared with ValidateMigrations lives.</summary>
    public string? ValidationCacheDirectory { get; set; }

    /// <summary>
    /// Inside a publish artifact, its migrations.json: checked first, in this task's own host, so the target does
    /// not start a second task host just for that check. Empty outside an artifact.
    /// </summary>
    public string? ArtifactManifest { get; set; }

    /// <summary><c>MigrationsLocalImage</c>: the container image when a throwaway Local database uses Docker (TestMigration, the drift check).</summary>
    public string? LocalImage { get; set; }

    /// <summary><c>MigrationsLocalBootstrap</c>: a SQL file (relative to the project) or <c>supabase</c>, run first on every throwaway database.</summary>
    public string? LocalBootstrapValue { get; set; }

    /// <summary><c>MigrationsLocalBinDirectory</c>: the folder of PostgreSQL server binaries for Local; empty = search.</summary>
    public string? LocalBinDirectory { get; set; }

    /// <summary><c>MigrationsDriftExcludedSchemas</c> with the SDK's Supabase default applied: schemas the drift check leaves out.</summary>
    public string? DriftExcludedSchemas { get; set; }

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            if (!string.IsNullOrEmpty(ArtifactManifest) && !ArtifactCheck.Passes(Log, ArtifactManifest, ProjectPath, GetType().Name))
            {
                return false;
            }

            var log = new MSBuildOperationLog(Log, ProjectPath);
            return RunAsync(ToSettings(), log, _cancellation.Token).GetAwaiter().GetResult() && !Log.HasLoggedErrors;
        }
        finally
        {
            // In the build's own process (a node that may be reused for hours) no connection may outlive the task:
            // on success, failure and cancellation alike.
            ConnectionPools.ReleaseAll();
        }
    }

    /// <summary>The property map: what this target hands the engine. Derived targets add their own properties.</summary>
    internal virtual OperationSettings ToSettings() => new()
    {
        MigrationsDirectory = MigrationsDirectory,
        RollbackDirectory = MigrationsRollbackDirectory,
        Migration = Migration,
        EnvironmentName = EnvironmentName,
        Environments = Environments.Select(ToDeclaration).ToList(),
        HistorySchema = HistorySchema,
        HistoryTable = HistoryTable,
        LockTimeout = LockTimeout,
        StatementTimeout = StatementTimeout,
        LockWait = LockWait,
        ExposedSchemas = ExposedSchemas,
        ProjectPath = ProjectPath,
        ValidationCacheDirectory = ValidationCacheDirectory,
        LocalImage = LocalImage,
        LocalBootstrap = LocalBootstrapValue,
        LocalBinDirectory = LocalBinDirectory,
        DriftExcludedSchemas = DriftExcludedSchemas,
    };

    /// <summary>Runs the target's engine command.</summary>
    protected abstract Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken);

    internal static EnvironmentDeclaration ToDeclaration(ITaskItem item) => new(
        item.ItemSpec,
        item.GetMetadata("UrlVariable"),
        item.GetMetadata("ConfirmVariable"),
        item.GetMetadata("RequireTestedOn"),
        item.GetMetadata("Backup"),
        CheckDriftOf(item));

    /// <summary>
    /// <c>CheckDrift</c>, spelled like the other environment metadata (<c>ConfirmVariable</c>, <c>Backup</c>); the
    /// issue's <c>MigrationsCheckDrift</c> is read too, so either spelling works.
    /// </summary>
    private static string CheckDriftOf(ITaskItem item) =>
        item.GetMetadata(Engine.PublicSurface.CheckDriftMetadata) is { Length: > 0 } value ? value : item.GetMetadata("Migrations" + Engine.PublicSurface.CheckDriftMetadata);
}
