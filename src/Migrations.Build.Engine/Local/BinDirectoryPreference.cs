using Migrations.Build.Engine.Backups;

namespace Migrations.Build.Engine.Local;

/// <summary>
/// Orders usable binary folders for a throwaway cluster: those of the target's major release first, the others after
/// them in the search's own order (PATH, pg_config, then /usr/lib/postgresql highest first), so a machine with several
/// releases installed proves migrations on the release they will meet. Without a target the search's order stands.
/// </summary>
internal static class BinDirectoryPreference
{
    public static async Task<IReadOnlyList<VersionedCandidate>> OrderAsync(
        IReadOnlyList<BinDirectoryCandidate> usable,
        TargetServer? target,
        Func<string, CancellationToken, Task<PostgresRelease?>> readRelease,
        CancellationToken cancellationToken)
    {
        if (target is null)
        {
            // Nothing to match: no folder is asked for its version, the started server reports its own.
            return usable.Select(candidate => new VersionedCandidate(candidate, null)).ToList();
        }

        var versioned = new List<VersionedCandidate>();
        foreach (var candidate in usable)
        {
            versioned.Add(new VersionedCandidate(candidate, await readRelease(candidate.Path, cancellationToken).ConfigureAwait(false)));
        }

        // OrderBy is stable: within each group the search's order is kept.
        return versioned.OrderBy(entry => entry.Release?.Major == target.Release.Major ? 0 : 1).ToList();
    }
}

/// <summary>A usable folder and its release, when it was read (null: not asked, or unreadable).</summary>
internal sealed record VersionedCandidate(BinDirectoryCandidate Candidate, PostgresRelease? Release);
