using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Supabase;
using Npgsql;

using static Migrations.Build.Engine.PublicSurface;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// <c>-p:MigrationsBaselineFrom=supabase</c>: a database deployed with <c>supabase db push</c> already says which
/// migrations it holds, in <c>supabase_migrations.schema_migrations</c>. Those versions, matched to the pairs on disk,
/// are the chain the baseline proves and records. Every listed version must be on disk: a version we cannot name a
/// file for cannot be recorded with its texts, nor replayed for the proof.
/// </summary>
internal static class SupabaseBaselineChain
{
    /// <returns>The listed migrations, oldest first; null after reporting MIG1054.</returns>
    public static async Task<IReadOnlyList<MigrationPair>?> ReadAsync(
        NpgsqlConnection connection, MigrationLedger ledger, IReadOnlyList<MigrationPair> pairs, string? selector, OperationContext context, CancellationToken cancellationToken)
    {
        var history = await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        if (history is null || history.Rows.Count == 0)
        {
            return Refuse(context, history is null
                ? $"{context.EnvironmentName} has no {SupabaseHistoryTable.DisplayName}, so the Supabase CLI has applied nothing there to baseline from. Name the newest migration the database holds with -p:{MigrationProperty} and leave {BaselineFromProperty} empty."
                : $"{SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} lists no migration, so there is nothing to baseline from. Name the newest migration the database holds with -p:{MigrationProperty} and leave {BaselineFromProperty} empty.");
        }

        var byVersion = pairs.ToDictionary(pair => pair.Version, StringComparer.Ordinal);
        var notOnDisk = history.Rows.Where(row => !byVersion.ContainsKey(row.Version)).Select(row => row.Version).ToList();
        if (notOnDisk.Count > 0)
        {
            return Refuse(context, $"{SupabaseHistoryTable.DisplayName} on {context.EnvironmentName} lists {notOnDisk.Count} version(s) with no migration on disk: {Named(notOnDisk)}. A baseline records each migration with its files' texts and proves them by replay; add the missing files (a pair each, as supabase db pull or the repository's history has them), or repair the Supabase history, then run it again.");
        }

        var chain = history.Rows.Select(row => byVersion[row.Version]).ToList();
        if (selector is not null && MigrationSelector.Find(ledger, selector) is var named && named?.Version != chain[^1].Version)
        {
            return Refuse(context, $"-p:{MigrationProperty}={selector} names {(named is null ? "no migration on disk" : named.Id)}, but the newest version {SupabaseHistoryTable.DisplayName} lists on {context.EnvironmentName} is {chain[^1].Id}. Leave -p:{MigrationProperty} out to take what the Supabase history lists, or name that one.");
        }

        var unlisted = pairs.Where(pair => string.CompareOrdinal(pair.Version, chain[^1].Version) < 0 && !history.Lists(pair.Version)).Select(pair => pair.Id).ToList();
        context.Log.Important($"The Supabase history of {context.EnvironmentName} lists {chain.Count} migration(s), up to {chain[^1].Id}: they are the baseline's."
            + (unlisted.Count == 0 ? string.Empty : $" Older migrations it does not list stay pending: {Named(unlisted)}."));
        return chain;
    }

    private static string Named(List<string> items) =>
        string.Join(", ", items.Take(5)) + (items.Count > 5 ? $" and {items.Count - 5} more" : string.Empty);

    private static IReadOnlyList<MigrationPair>? Refuse(OperationContext context, string message)
    {
        context.Log.Report(new Diagnostic(DiagnosticCatalog.BaselineSupabaseHistoryUnusable, SourceLocation.None, message));
        return null;
    }
}
