namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// What one database's Supabase history holds: the table's layout and its rows in version order, as
/// <c>supabase migration list</c> reads them (a version is applied there exactly when it has a row).
/// </summary>
internal sealed class SupabaseHistory
{
    private readonly Dictionary<string, SupabaseHistoryRow> byVersion;

    public SupabaseHistory(SupabaseHistoryLayout layout, IReadOnlyList<SupabaseHistoryRow> rows)
    {
        Layout = layout;
        Rows = rows.OrderBy(row => row.Version, StringComparer.Ordinal).ToList();
        byVersion = new Dictionary<string, SupabaseHistoryRow>(StringComparer.Ordinal);
        foreach (var row in Rows)
        {
            byVersion[row.Version] = row;
        }
    }

    public SupabaseHistoryLayout Layout { get; }

    /// <summary>Every row, in version order (the order the CLI lists them).</summary>
    public IReadOnlyList<SupabaseHistoryRow> Rows { get; }

    /// <summary>Whether <c>supabase migration list</c> shows <paramref name="version"/> as applied.</summary>
    public bool Lists(string version) => byVersion.ContainsKey(version);

    public SupabaseHistoryRow? Find(string version) => byVersion.GetValueOrDefault(version);
}
