namespace Migrations.Build.Engine.Artifacts;

/// <summary>One file of an artifact: its path relative to the artifact folder ('/'-separated) and its checksum.</summary>
public sealed record ArtifactFile(string Path, string Checksum);
