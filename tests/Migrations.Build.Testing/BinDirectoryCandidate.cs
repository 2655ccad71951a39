namespace Migrations.Build.Testing;

/// <summary>A directory that may hold PostgreSQL server binaries, and how it was found (for error messages).</summary>
public sealed record BinDirectoryCandidate(string Path, string FoundVia);
