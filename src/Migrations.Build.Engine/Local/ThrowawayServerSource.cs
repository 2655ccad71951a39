namespace Migrations.Build.Engine.Local;

/// <summary>Where a throwaway server came from, in the order the sources are tried.</summary>
internal enum ThrowawayServerSource
{
    /// <summary>An existing server named by a URL variable; borrowed, never stopped.</summary>
    Url,

    /// <summary>A PostgreSQL container started through Testcontainers.</summary>
    Docker,

    /// <summary>A temporary cluster built with PostgreSQL server binaries installed on this machine.</summary>
    LocalBinaries,
}
