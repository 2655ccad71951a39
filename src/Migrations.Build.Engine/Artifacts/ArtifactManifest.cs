namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// migrations.json: what a publish put in the artifact, so every run from it can prove the folder is exactly what
/// was published. <see cref="SupportFiles"/> are the artifact's other files (its project, a bootstrap SQL file):
/// a changed project changes what a deploy does as surely as a changed migration.
/// </summary>
public sealed record ArtifactManifest(
    int Format,
    string ToolVersion,
    string Project,
    string RollbackDirectory,
    IReadOnlyList<ArtifactMigration> Migrations,
    IReadOnlyList<ArtifactFile> SupportFiles)
{
    /// <summary>Every file the manifest vouches for, migrations first, in manifest order.</summary>
    public IEnumerable<ArtifactFile> AllFiles =>
        Migrations.SelectMany(migration => migration.Rollback is null ? [migration.Forward] : new[] { migration.Forward, migration.Rollback }).Concat(SupportFiles);
}
