namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// One row of <c>supabase_migrations.schema_migrations</c>: a migration <c>supabase db push</c> (or <c>supabase migration
/// repair --status applied</c>) recorded as applied. <see cref="Name"/> and <see cref="Statements"/> are null when the
/// table predates those columns or the row left them empty.
/// </summary>
/// <param name="Version">The file name's leading digits (<c>20250210000000</c> for <c>20250210000000_customers.sql</c>).</param>
/// <param name="Name">The rest of the file name without <c>.sql</c> (<c>customers</c>).</param>
/// <param name="Statements">The file's statements as the CLI split them: each trimmed, without its closing <c>;</c>.</param>
internal sealed record SupabaseHistoryRow(string Version, string? Name, IReadOnlyList<string>? Statements)
{
    /// <summary><c>version_name</c> as our history names a migration, or the bare version when the row has no name.</summary>
    public string Id => string.IsNullOrEmpty(Name) ? Version : Version + "_" + Name;
}
