using Migrations.Build.Engine.Text;

namespace Migrations.Build.Engine.Sql;

/// <summary>
/// The words a PostgreSQL statement can start with (the SQL Commands chapter of the PostgreSQL documentation),
/// and the nearest of them to a misspelling, for MIG0106's "did you mean".
/// </summary>
internal static class PostgresStatementKeywords
{
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

    /// <summary>The keyword <paramref name="word"/> was most likely meant to be, or null when none is close enough to be a typo.</summary>
    public static string? FindClosest(ReadOnlySpan<char> word) => SpellingSuggestion.Find(word, All);
}
