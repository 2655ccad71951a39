using System.Collections.Immutable;
using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// What a snapshot leaves out. Schema patterns are names, where a trailing <c>*</c> matches any suffix
/// (<c>pg_temp*</c> matches every session's <c>pg_temp_N</c>).
/// </summary>
internal sealed record SnapshotOptions
{
    /// <summary>PostgreSQL's own schemas: never changed by a migration, and full of per-session or per-version noise.</summary>
    public static ImmutableArray<string> SystemSchemas { get; } = ["pg_catalog", "information_schema", "pg_toast*", "pg_temp*"];

    /// <summary>System schemas plus the default history schema.</summary>
    public static SnapshotOptions Default { get; } = ForHistory(HistoryLocation.Default);

    /// <summary>
    /// Schemas (or patterns) left out. The history schema belongs here because applying a migration writes history
    /// rows (and may create the history table on first use): that is the tool's bookkeeping, not the migration's effect.
    /// </summary>
    public ImmutableArray<string> ExcludedSchemas { get; init; } = SystemSchemas;

    /// <summary>System schemas plus the schema that holds <paramref name="history"/>.</summary>
    public static SnapshotOptions ForHistory(HistoryLocation history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new SnapshotOptions { ExcludedSchemas = SystemSchemas.Add(history.Schema) };
    }

    /// <summary>The patterns as SQL <c>LIKE</c> patterns (with <c>\</c> as the escape character).</summary>
    internal string[] ExcludedSchemaLikePatterns() =>
        ExcludedSchemas.Select(pattern =>
        {
            var prefix = pattern.EndsWith('*') ? pattern[..^1] : pattern;
            var escaped = prefix.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal);
            return pattern.EndsWith('*') ? escaped + "%" : escaped;
        }).ToArray();
}
