namespace Migrations.Build.Engine.Artifacts;

/// <summary>migrations.json cannot be used; the message completes "The artifact's manifest … cannot be used: …".</summary>
public sealed class ArtifactManifestException : Exception
{
    public ArtifactManifestException(string message)
        : base(message)
    {
    }

    public ArtifactManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
