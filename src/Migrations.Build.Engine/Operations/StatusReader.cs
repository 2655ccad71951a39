using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Discovery;

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

        return Describe(context.EnvironmentName, MigrationLedger.Build(pairs, history));
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
