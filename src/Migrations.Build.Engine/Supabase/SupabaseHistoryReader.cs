using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Supabase;

/// <summary>
/// Reads <c>supabase_migrations.schema_migrations</c> from one database. Read-only: it takes no lock and creates
/// nothing, so status and a baseline can read it from any environment. A database without the table has no Supabase
/// history (null), as the CLI treats a missing table as "no migrations applied".
/// </summary>
internal static class SupabaseHistoryReader
{
    /// <summary>The table's columns, or null when the database has no such table. Reads only the catalog, which every role may.</summary>
    public static async Task<SupabaseHistoryLayout?> ReadLayoutAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // By name through the catalog rather than to_regclass: a role without USAGE on the schema can still see that
        // the table exists, so the caller can say "cannot read it" instead of "there is none".
        await using var command = new NpgsqlCommand(
            """
            select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
            from pg_catalog.pg_class c
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p')
            order by a.attnum
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = SupabaseHistoryTable.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = SupabaseHistoryTable.Table });
        var columns = new List<SupabaseHistoryColumn>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(new SupabaseHistoryColumn(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3)));
            }
        }

        return columns.Count == 0 ? null : new SupabaseHistoryLayout(columns);
    }

    /// <summary>
    /// Every row, in version order, or null when the database has no Supabase history table. Throws
    /// <see cref="SupabaseHistoryLayoutException"/> when the table has no version column (it is not the CLI's), and
    /// lets a refusal to read it (SQLSTATE 42501) through for the caller to report.
    /// </summary>
    public static async Task<SupabaseHistory?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ReadLayoutAsync(connection, cancellationToken).ConfigureAwait(false) is not { } layout)
        {
            return null;
        }

        return new SupabaseHistory(layout, await ReadRowsAsync(connection, layout, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<SupabaseHistoryRow>> ReadRowsAsync(NpgsqlConnection connection, SupabaseHistoryLayout layout, CancellationToken cancellationToken)
    {
        if (!layout.HasVersion)
        {
            throw new SupabaseHistoryLayoutException(
                $"{SupabaseHistoryTable.DisplayName} has no {SupabaseHistoryTable.VersionColumn} column, so it is not the table the Supabase CLI creates and cannot be read as its history. Rename or drop that table, or let the Supabase CLI recreate it.");
        }

        // Text casts, so a hand-made table with varchar columns reads like the CLI's; a column the table lacks reads as null.
        var name = layout.HasName ? SqlIdentifier.Quote(SupabaseHistoryTable.NameColumn) + "::text" : "null::text";
        var statements = layout.HasStatements ? SqlIdentifier.Quote(SupabaseHistoryTable.StatementsColumn) + "::text[]" : "null::text[]";
        var version = SqlIdentifier.Quote(SupabaseHistoryTable.VersionColumn);
        await using var command = new NpgsqlCommand(
            $"select {version}::text, {name}, {statements} from {SupabaseHistoryTable.QualifiedName} order by {version}",
            connection);
        var rows = new List<SupabaseHistoryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new SupabaseHistoryRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<string?[]>(2).Select(statement => statement ?? string.Empty).ToList()));
        }

        return rows;
    }
}
