namespace Migrations.Build.Engine.Local;

/// <summary>A directory that may hold PostgreSQL server binaries, and how it was found (for error messages).</summary>
internal sealed record BinDirectoryCandidate(string Path, string FoundVia);
