namespace Migrations.Build.Engine.Sql;

/// <summary>
/// The words a PostgreSQL statement can start with (the SQL Commands chapter of the PostgreSQL documentation),
/// and the nearest of them to a misspelling, for MIG0106's "did you mean".
/// </summary>
public static class PostgresStatementKeywords
{
    private const int MaxSuggestionLength = 32;

    /// <summary>Upper case, alphabetical.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "ABORT", "ALTER", "ANALYZE", "BEGIN", "CALL", "CHECKPOINT", "CLOSE", "CLUSTER", "COMMENT", "COMMIT", "COPY",
        "CREATE", "DEALLOCATE", "DECLARE", "DELETE", "DISCARD", "DO", "DROP", "END", "EXECUTE", "EXPLAIN", "FETCH",
        "GRANT", "IMPORT", "INSERT", "LISTEN", "LOAD", "LOCK", "MERGE", "MOVE", "NOTIFY", "PREPARE", "REASSIGN",
        "REFRESH", "REINDEX", "RELEASE", "RESET", "REVOKE", "ROLLBACK", "SAVEPOINT", "SECURITY", "SELECT", "SET",
        "SHOW", "START", "TABLE", "TRUNCATE", "UNLISTEN", "UPDATE", "VACUUM", "VALUES", "WITH",
    ];

    public static bool Contains(ReadOnlySpan<char> word)
    {
        foreach (var keyword in All)
        {
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The keyword closest to <paramref name="word"/> by optimal-string-alignment distance (Damerau–Levenshtein
    /// without repeated edits of one substring), or null when none is close enough to be a plausible typo:
    /// one edit for words up to four letters, two for longer ones.
    /// </summary>
    public static string? FindClosest(ReadOnlySpan<char> word)
    {
        if (word.Length == 0 || word.Length > MaxSuggestionLength)
        {
            return null;
        }

        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        var allowed = word.Length <= 4 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestSharesFirstLetter = false;
        foreach (var keyword in All)
        {
            if (Math.Abs(keyword.Length - upper.Length) > allowed)
            {
                continue;
            }

            var distance = Distance(upper, keyword);
            var sharesFirstLetter = keyword[0] == upper[0];
            if (distance <= allowed
                && (distance < bestDistance || (distance == bestDistance && sharesFirstLetter && !bestSharesFirstLetter)))
            {
                best = keyword;
                bestDistance = distance;
                bestSharesFirstLetter = sharesFirstLetter;
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(ReadOnlySpan<char> source, ReadOnlySpan<char> target)
    {
        var width = target.Length + 1;
        Span<int> beforePrevious = stackalloc int[width];
        Span<int> previous = stackalloc int[width];
        Span<int> current = stackalloc int[width];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= source.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j < width; j++)
            {
                var cost = source[i - 1] == target[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && source[i - 1] == target[j - 2] && source[i - 2] == target[j - 1])
                {
                    value = Math.Min(value, beforePrevious[j - 2] + 1);
                }

                current[j] = value;
            }

            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[target.Length];
    }
}
