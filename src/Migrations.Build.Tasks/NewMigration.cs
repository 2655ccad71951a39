using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Scaffolding;
using Microsoft.Build.Framework;

namespace Migrations.Build.Tasks;

/// <summary>NewMigration: creates <c>&lt;UTC timestamp&gt;_&lt;Name&gt;.sql</c> and its rollback from templates and prints both paths.</summary>
public sealed class NewMigration : Microsoft.Build.Utilities.Task
{
    [Required]
    public string MigrationsDirectory { get; set; } = string.Empty;

    /// <summary>The folder for the rollback file; empty means the forward folder.</summary>
    public string? MigrationsRollbackDirectory { get; set; }

    /// <summary><c>Name</c>: the new migration's name, lower snake case.</summary>
    public string? Name { get; set; }

    /// <summary>The project file, for the command a missing name suggests and for diagnostics without a file.</summary>
    public string? ProjectPath { get; set; }

    /// <summary>The artifact's manifest when this project is a published artifact (its migrations.proj sets it); empty otherwise.</summary>
    public string? ArtifactManifest { get; set; }

    public override bool Execute() =>
        NewMigrationCommand.Run(
            new NewMigrationRequest(MigrationsDirectory, MigrationsRollbackDirectory, Name) { ProjectPath = ProjectPath, ArtifactManifest = ArtifactManifest },
            new MSBuildOperationLog(Log, ProjectPath))
        && !Log.HasLoggedErrors;
}
