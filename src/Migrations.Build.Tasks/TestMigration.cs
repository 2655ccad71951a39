using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>TestMigration: proves each rollback restores the schema, on Staging when its URL is set, else on a throwaway Local database.</summary>
public sealed class TestMigration : DatabaseTask
{
    /// <summary>The project's folder, which a bootstrap path is relative to.</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary><c>MigrationsIgnoreColumnOrder</c>: columns only in another order are a warning (MIG1027).</summary>
    public string? IgnoreColumnOrder { get; set; }

    /// <summary><c>MigrationsIgnoreWhitespace</c>: routine and view bodies that differ only in whitespace are a warning (MIG1028).</summary>
    public string? IgnoreWhitespace { get; set; }

    /// <summary>Where the full list of a failed proof's differences is written (the SDK passes obj/…/migrations).</summary>
    public string? DifferencesDirectory { get; set; }

    /// <summary><c>MigrationsStopOnFirstFailure</c>: on Local, end at the first refuted or failed migration.</summary>
    public bool StopOnFirstFailure { get; set; }

    /// <summary><c>MigrationsStagingTestCommand</c>: application tests run after TestMigration on Staging; empty for none.</summary>
    public string? StagingTestCommand { get; set; }

    /// <summary><c>MigrationsStagingTestUrlVariable</c>: the variable that hands that command the staging URL.</summary>
    public string? StagingTestUrlVariable { get; set; }

    /// <summary><c>MigrationsSupabaseHistory</c>: on a real environment, list what the test leaves applied in supabase_migrations.schema_migrations.</summary>
    public bool SupabaseHistory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        SupabaseHistory = SupabaseHistory,
        ProjectDirectory = ProjectDirectory,
        IgnoreColumnOrder = IgnoreColumnOrder,
        IgnoreWhitespace = IgnoreWhitespace,
        DifferencesDirectory = DifferencesDirectory,
        StopOnFirstFailure = StopOnFirstFailure,
        StagingTestCommand = StagingTestCommand,
        StagingTestUrlVariable = StagingTestUrlVariable,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        TestCommand.RunAsync(settings, log, cancellationToken);
}
