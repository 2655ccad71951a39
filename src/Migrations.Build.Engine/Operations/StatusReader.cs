using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Supabase;

namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Reads one environment's status. Read-only: it takes no lock and creates nothing, so it is safe to run against
/// production at any time, even while a deploy is under way.
/// </summary>
internal static class StatusReader
{
    public static async Task<IReadOnlyList<StatusRow>> ReadAsync(OperationContext context, IReadOnlyList<MigrationPair> pairs, CancellationToken cancellationToken)
    {
        await using var connection = await OperationConnection.OpenAsync(context, "status", cancellationToken).ConfigureAwait(false);
        var history = await new HistoryStore(context.History).ReadAllWithoutScriptsAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var invalid in await InvalidIndexes.FindAsync(connection, context.EnvironmentName, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Report(invalid);
        }

        var ledger = MigrationLedger.Build(pairs, history);
        var rows = Describe(context.EnvironmentName, ledger);
        return await ReadSupabaseHistoryAsync(context, connection, cancellationToken).ConfigureAwait(false) is { } supabase
            ? SupabaseHistoryComparison.Compare(context.EnvironmentName, ledger, rows, supabase, context.Log)
            : rows;
    }

    /// <summary>
    /// The Supabase CLI's history when the database has one, whatever MigrationsSupabaseHistory says (reading touches
    /// nothing); null when there is none, or after MIG1064 when it cannot be read, so the rest of the status still shows.
    /// </summary>
    private static async Task<SupabaseHistory?> ReadSupabaseHistoryAsync(OperationContext context, Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await SupabaseHistoryReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SupabaseHistoryLayoutException or Npgsql.PostgresException { SqlState: "42501" })
        {
            var why = exception is Npgsql.PostgresException server
                ? $"{server.MessageText} (SQLSTATE {server.SqlState}); grant this role USAGE on schema {SupabaseHistoryTable.Schema} and SELECT on the table to see it"
                : exception.Message;
            context.Log.Report(new Diagnostics.Diagnostic(
                Diagnostics.DiagnosticCatalog.SupabaseHistoryUnreadable,
                Diagnostics.SourceLocation.None,
                $"{context.EnvironmentName} has {SupabaseHistoryTable.DisplayName}, but it cannot be read: {why}. The status below leaves it out."));
            return null;
        }
    }

    public static IReadOnlyList<StatusRow> Describe(string environment, MigrationLedger ledger) =>
        ledger.Entries.Select(entry => new StatusRow(
            environment,
            entry.Version,
            entry.Name,
            entry.State,
            entry.State is MigrationState.Pending ? null : entry.LastChange?.FinishedAt ?? entry.LastChange?.StartedAt,
            entry.LastChange is { } change ? $"{change.DatabaseUser}@{change.ClientHost}" : null,
            entry.LastChange?.ExecutionMilliseconds,
            NotesFor(entry),
            entry.LastChange?.Operation)).ToList();

    private static string NotesFor(LedgerEntry entry)
    {
        var notes = new List<string>();
        var change = entry.LastChange;
        switch (entry.State)
        {
            case MigrationState.Partial:
                notes.Add($"{change!.StatementsDone} of {change.StatementsTotal} statements applied; roll back or resolve");
                break;
            case MigrationState.Failed when change?.Error is { } error:
                notes.Add("last attempt failed: " + FirstLine(error));
                break;
            case MigrationState.Modified:
                notes.Add($"file changed since applied (applied {Short(entry.LastApplication?.ForwardChecksum)}, on disk {Short(entry.Pair?.Forward.Checksum)})");
                break;
            case MigrationState.MissingFile:
                notes.Add("applied, but its file is no longer on disk");
                break;
        }

        if (entry.RollbackChangedOnDisk && entry.State is MigrationState.Applied or MigrationState.Modified)
        {
            notes.Add("rollback file differs from the one recorded at deploy");
        }

        if (change?.Notes is { Length: > 0 } recorded)
        {
            notes.Add(recorded);
        }

        return string.Join("; ", notes);
    }

    private static string Short(string? checksum) => checksum is null ? "?" : checksum[..Math.Min(12, checksum.Length)];

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
