namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// What NewMigration is asked: the folders (the rollback folder defaults to the forward folder), the name as typed
/// after <c>-p:Name=</c>, and the clock that dates the new version.
/// </summary>
public sealed record NewMigrationRequest(string ForwardDirectory, string? RollbackDirectory, string? Name)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The project file, so the hint for a missing name is a command that can be pasted.</summary>
    public string? ProjectPath { get; init; }

    /// <summary>
    /// The manifest (<c>migrations.json</c>) when the project is a published artifact, whose folder is fixed by the
    /// manifest's checksums; null for a project.
    /// </summary>
    public string? ArtifactManifest { get; init; }
}
