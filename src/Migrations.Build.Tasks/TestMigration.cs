using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>TestMigration: proves each rollback restores the schema, on Staging when its URL is set, else on a throwaway Local database.</summary>
public sealed class TestMigration : DatabaseTask
{
    /// <summary><c>MigrationsLocalImage</c>: the container image when Local uses Docker.</summary>
    public string? LocalImage { get; set; }

    /// <summary><c>MigrationsLocalBootstrap</c>: a SQL file (relative to the project) or <c>supabase</c>.</summary>
    public string? LocalBootstrapValue { get; set; }

    /// <summary>The project's folder, which a bootstrap path is relative to.</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary><c>MigrationsStopOnFirstFailure</c>: on Local, end at the first refuted or failed migration.</summary>
    public bool StopOnFirstFailure { get; set; }

    /// <summary><c>MigrationsStagingTestCommand</c>: application tests run after TestMigration on Staging; empty for none.</summary>
    public string? StagingTestCommand { get; set; }

    /// <summary><c>MigrationsStagingTestUrlVariable</c>: the variable that hands that command the staging URL.</summary>
    public string? StagingTestUrlVariable { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with
    {
        LocalImage = LocalImage,
        LocalBootstrap = LocalBootstrapValue,
        ProjectDirectory = ProjectDirectory,
        StopOnFirstFailure = StopOnFirstFailure,
        StagingTestCommand = StagingTestCommand,
        StagingTestUrlVariable = StagingTestUrlVariable,
    };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        TestCommand.RunAsync(settings, log, cancellationToken);
}
