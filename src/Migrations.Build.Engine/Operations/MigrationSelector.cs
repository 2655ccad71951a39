namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Finds the migration the <c>Migration</c> property names: a file name (<c>20250210000000_billing.sql</c>, with or
/// without a folder), a <c>version_name</c>, or the 14-digit version alone.
/// </summary>
internal static class MigrationSelector
{
    public static LedgerEntry? Find(MigrationLedger ledger, string selector)
    {
        var wanted = Path.GetFileName(selector.Trim());
        if (wanted.EndsWith(Discovery.MigrationFileName.Extension, StringComparison.OrdinalIgnoreCase))
        {
            wanted = wanted[..^Discovery.MigrationFileName.Extension.Length];
        }

        return ledger.Entries.FirstOrDefault(entry => entry.Id == wanted)
            ?? ledger.Entries.FirstOrDefault(entry => entry.Version == wanted);
    }

    public static string DescribeChoices(MigrationLedger ledger)
    {
        var ids = ledger.Entries.Select(entry => entry.Id).ToList();
        return ids.Count == 0 ? "there are no migrations" : "known migrations: " + string.Join(", ", ids.TakeLast(10)) + (ids.Count > 10 ? $" (and {ids.Count - 10} earlier)" : string.Empty);
    }
}
