using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// "Did you mean" for names users type: environment names and URL query parameters. Same typo tolerance as the
/// SQL keyword suggestions (one edit up to four letters, two beyond), compared without regard to case.
/// </summary>
internal static class ClosestName
{
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        var lowered = typed.ToLowerInvariant();
        var allowed = lowered.Length <= 4 ? 1 : 2;
        return candidates
            .Select(candidate => (Candidate: candidate, Distance: PostgresStatementKeywords.Distance(lowered, candidate.ToLowerInvariant())))
            .Where(scored => scored.Distance <= allowed)
            .OrderBy(scored => scored.Distance)
            .Select(scored => scored.Candidate)
            .FirstOrDefault();
    }

    /// <summary>" Did you mean X?" or nothing, ready to append to a message.</summary>
    public static string Suggest(string typed, IEnumerable<string> candidates) =>
        Find(typed, candidates) is { } closest ? $" Did you mean {closest}?" : string.Empty;
}
