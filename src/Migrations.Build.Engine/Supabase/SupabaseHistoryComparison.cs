using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// Sets our status rows beside the Supabase CLI's history for MigrationStatus: which migrations it lists, the versions
/// it lists that we know nothing of, and a MIG1061 warning wherever <c>supabase migration list</c> would say
/// "applied" and we would not, or the other way round.
/// </summary>
internal static class SupabaseHistoryComparison
{
    public static IReadOnlyList<StatusRow> Compare(string environment, MigrationLedger ledger, IReadOnlyList<StatusRow> rows, SupabaseHistory supabase, IOperationLog log)
    {
        var compared = new List<StatusRow>(rows.Count);
        var entries = ledger.Entries;
        for (var index = 0; index < rows.Count; index++)
        {
            var listed = supabase.Lists(rows[index].Version);
            compared.Add(rows[index] with { SupabaseListed = listed });
            if (Disagreement(rows[index].State, listed) is { } ours)
            {
                var location = entries[index].Pair is { } pair ? SourceLocation.StartOf(pair.Forward.Path) : SourceLocation.None;
                Warn(log, location, $"supabase migration list would show {rows[index].Id} as {(listed ? "applied" : "not applied")} on {environment}, but our history says {ours}. {Fix(rows[index].Version, listed)}");
            }
        }

        var known = rows.Select(row => row.Version).ToHashSet(StringComparer.Ordinal);
        foreach (var row in supabase.Rows.Where(row => !known.Contains(row.Version)))
        {
            compared.Add(new StatusRow(environment, row.Version, row.Name ?? string.Empty, MigrationState.SupabaseOnly, null, null, null, $"listed in {SupabaseHistoryTable.DisplayName} only: not on disk, not in our history") { SupabaseListed = true });
            Warn(log, SourceLocation.None, $"supabase migration list would show {row.Id} as applied on {environment}, but it is neither on disk nor in our history. Restore its file from version control, or, if it is not applied, remove the row with: supabase migration repair --status reverted {row.Version}");
        }

        return compared.OrderBy(row => row.Version, StringComparer.Ordinal).ToList();
    }

    /// <summary>Our word for the state when it contradicts the Supabase listing; null when they agree or ours is partial.</summary>
    private static string? Disagreement(MigrationState state, bool listed) => state switch
    {
        MigrationState.Applied or MigrationState.Modified or MigrationState.MissingFile when !listed => "applied",
        MigrationState.Pending or MigrationState.Failed or MigrationState.RolledBack when listed => MigrationStateText.Format(state),
        _ => null,
    };

    private static string Fix(string version, bool listed) => listed
        ? $"If the Supabase CLI applied it, take its history as ours with BaselineMigration (-p:MigrationsBaselineFrom=supabase); if it is not applied, remove the row with: supabase migration repair --status reverted {version}"
        : $"Deploy and roll back with {PublicSurface.PropertySwitch(PublicSurface.SupabaseHistoryProperty, "true")} to keep the two in step; to list it now: supabase migration repair --status applied {version}";

    private static void Warn(IOperationLog log, SourceLocation location, string message) =>
        log.Report(new Diagnostic(DiagnosticCatalog.SupabaseHistoryDisagrees, location, message));
}
