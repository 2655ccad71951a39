namespace Migrations.Build.Engine.Artifacts;

/// <summary>One <c>Migrations*</c> property the source project set, carried into the artifact's project as written.</summary>
public sealed record ArtifactSetting(string Name, string Value);
