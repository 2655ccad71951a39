using System.Security.Cryptography;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>
/// The checksum an artifact records for a file: the contract's migration checksum (SHA-256 of the UTF-8 text, BOM
/// removed, line endings normalised), the same value discovery and the history table use, so a manifest entry can be
/// compared with a history row. Bytes that are not valid text are hashed as they are, so a damaged file still has a
/// checksum to report (and differs from the published one).
/// </summary>
internal static class ArtifactChecksum
{
    public static string Of(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return MigrationText.TryDecode(bytes, out _)?.Checksum ?? Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
    }
}
