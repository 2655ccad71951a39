using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// Extensions are listed database-wide, whatever their schema; an extension installed into a schema the comparison
/// leaves out (a platform's <c>extensions</c> or <c>graphql</c> schema) is the platform's doing, not the migrations',
/// so it is left out with its schema. PostgreSQL's own schemas do not count here: plpgsql lives in pg_catalog, and an
/// extension a migration installs there is still the migration's.
/// </summary>
internal static class ExtensionsInExcludedSchemas
{
    public static SchemaSnapshot Remove(SchemaSnapshot snapshot, SnapshotOptions options)
    {
        var platformSchemas = options.ExcludedSchemas.Except(SnapshotOptions.SystemSchemas).ToList();
        if (platformSchemas.Count == 0)
        {
            return snapshot;
        }

        return SchemaSnapshot.Create(snapshot.Objects.Where(item =>
            item.Kind != SnapshotObjectKinds.Extension || item["schema"] is not { } schema || !platformSchemas.Any(pattern => Matches(pattern, Unquoted(schema)))));
    }

    private static bool Matches(string pattern, string schema) =>
        pattern.EndsWith('*') ? schema.StartsWith(pattern[..^1], StringComparison.Ordinal) : schema == pattern;

    // The snapshot shows the schema as quote_ident writes it.
    private static string Unquoted(string identifier) =>
        identifier.Length >= 2 && identifier[0] == '"' && identifier[^1] == '"' ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;
}
