namespace Migrations.Build.Engine.Artifacts;

/// <summary>One migration as published: version, name, both files with their checksums, and its directives.</summary>
public sealed record ArtifactMigration(string Version, string Name, ArtifactFile Forward, ArtifactFile? Rollback, bool Irreversible)
{
    public string Id => Version + "_" + Name;
}
