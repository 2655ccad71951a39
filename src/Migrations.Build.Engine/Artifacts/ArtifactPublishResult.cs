using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>The outcome of a publish: the manifest written, or the errors that stopped it (nothing is written then).</summary>
public sealed record ArtifactPublishResult(ArtifactManifest? Manifest, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Manifest is not null && !Diagnostics.Any(diagnostic => diagnostic.IsError);
}
