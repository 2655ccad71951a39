using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>MigrationDrift: compares each environment's schema with a replay of its history on a throwaway database. Read-only.</summary>
public sealed class MigrationDrift : DatabaseTask
{
    /// <summary><c>MigrationsDriftFormat</c>: table, json or markdown.</summary>
    public string? Format { get; set; }

    /// <summary><c>MigrationsDriftFile</c>.</summary>
    public string? OutputFile { get; set; }

    /// <summary>The project's folder, which a bootstrap path is relative to.</summary>
    public string? ProjectDirectory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with { DriftFormat = Format, DriftFile = OutputFile, ProjectDirectory = ProjectDirectory };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        DriftCommand.RunAsync(settings, log, cancellationToken);
}
