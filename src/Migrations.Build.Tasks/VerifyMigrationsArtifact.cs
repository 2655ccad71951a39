namespace Migrations.Build.Tasks;

/// <summary>In a publish artifact, fails before validation reads a migration when the folder differs from its manifest.</summary>
public sealed class VerifyMigrationsArtifact : Microsoft.Build.Utilities.Task
{
    /// <summary>The artifact's migrations.json.</summary>
    [Microsoft.Build.Framework.Required]
    public string Manifest { get; set; } = string.Empty;

    public string? ProjectPath { get; set; }

    public override bool Execute() => ArtifactCheck.Passes(Log, Manifest, ProjectPath, nameof(VerifyMigrationsArtifact));
}
