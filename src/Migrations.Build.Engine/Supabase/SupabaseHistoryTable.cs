using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// Where the Supabase CLI keeps its migration history, and the DDL it creates it with (docs/supabase.md says where
/// in the CLI's source this was read). The CLI never lets the location be changed, so neither do we.
/// </summary>
internal static class SupabaseHistoryTable
{
    public const string Schema = "supabase_migrations";

    public const string Table = "schema_migrations";

    public const string VersionColumn = "version";

    public const string NameColumn = "name";

    public const string StatementsColumn = "statements";

    /// <summary>For messages: <c>supabase_migrations.schema_migrations</c>.</summary>
    public const string DisplayName = Schema + "." + Table;

    public static string QualifiedName => SqlIdentifier.Quote(Schema) + "." + SqlIdentifier.Quote(Table);

    /// <summary>
    /// The CLI's own steps, in its order: the table starts with only its version key, and the statements and name
    /// columns are added by later statements (older CLI releases wrote tables without them). Each step is
    /// idempotent, so running them on a table the CLI made changes nothing.
    /// </summary>
    public static IReadOnlyList<string> CreationSteps =>
    [
        $"create schema if not exists {SqlIdentifier.Quote(Schema)}",
        $"create table if not exists {QualifiedName} ({SqlIdentifier.Quote(VersionColumn)} text not null primary key)",
        $"alter table {QualifiedName} add column if not exists {SqlIdentifier.Quote(StatementsColumn)} text[]",
        $"alter table {QualifiedName} add column if not exists {SqlIdentifier.Quote(NameColumn)} text",
    ];
}
