using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>
/// BaselineMigration: adopts a database that already has its schema by recording every migration up to
/// <c>-p:Migration</c> as applied, after proving the live schema equals their replay on a throwaway Local database.
/// </summary>
public sealed class BaselineMigration : DatabaseTask
{
    /// <summary><c>Reason</c>: why, recorded in history with who baselined.</summary>
    public string? Reason { get; set; }

    /// <summary><c>MigrationsBaselineUnverified</c>: record without the proof, loudly and on the record.</summary>
    public bool Unverified { get; set; }

    /// <summary><c>MigrationsBaselineFrom</c>: <c>supabase</c> takes the applied set from supabase_migrations.schema_migrations.</summary>
    public string? BaselineFrom { get; set; }

    /// <summary>The project's folder, which a bootstrap path is relative to.</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>Where the full list of a refused baseline's differences is written (the SDK passes obj/…/migrations).</summary>
    public string? DifferencesDirectory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        ResolveReason = Reason,
        BaselineUnverified = Unverified,
        BaselineFrom = BaselineFrom,
        ProjectDirectory = ProjectDirectory,
        DifferencesDirectory = DifferencesDirectory,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        BaselineCommand.RunAsync(settings, log, cancellationToken);
}
