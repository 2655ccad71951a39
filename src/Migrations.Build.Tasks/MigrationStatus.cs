using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>MigrationStatus: every migration's state in each environment whose URL is set (or the one named). Read-only.</summary>
public sealed class MigrationStatus : DatabaseTask
{
    /// <summary><c>MigrationsStatusFormat</c>: table, json or markdown.</summary>
    public string? Format { get; set; }

    /// <summary><c>MigrationsStatusFile</c>.</summary>
    public string? OutputFile { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with { StatusFormat = Format, StatusFile = OutputFile };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        StatusCommand.RunAsync(settings, log, cancellationToken);
}
