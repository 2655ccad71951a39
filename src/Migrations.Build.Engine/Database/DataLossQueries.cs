using Npgsql;
using NpgsqlTypes;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// The catalog reads and bounded counts behind the data-loss guard. Names are looked up as PostgreSQL resolves them
/// when a statement runs: a qualified name in its schema, an unqualified one along a search path (the script's own
/// when it set one, else the session's <c>current_schemas(false)</c>). Every value is passed as a parameter; the only
/// names spliced into SQL are ones read back from the catalog, and those are quoted.
/// </summary>
internal sealed class DataLossQueries(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    private const string SearchPathSchemas = """
        from unnest(coalesce($1::text[], current_schemas(false)::text[])) with ordinality as path(schema, position)
        join pg_namespace n on n.nspname = case when path.schema = '$user' then current_user::text else path.schema end
        """;

    /// <summary>The table the name denotes; null when none exists, or the name is a view, sequence or other relation.</summary>
    public async Task<LiveTable?> FindTableAsync(string? schema, string name, IReadOnlyList<string>? searchPath, CancellationToken cancellationToken) =>
        await ResolveAsync("c.oid, c.relname::text, c.relkind in ('r', 'p')", "pg_class c on c.relnamespace = n.oid and c.relname = $2", schema, name, searchPath, cancellationToken).ConfigureAwait(false) is { Matches: true } found
            ? new LiveTable(found.Oid, found.Schema, found.Name)
            : null;

    /// <summary>The type (or domain) the name denotes, with its schema-qualified name for messages; null when none exists.</summary>
    public async Task<(uint Oid, string Display)?> FindTypeAsync(string? schema, string name, IReadOnlyList<string>? searchPath, CancellationToken cancellationToken) =>
        await ResolveAsync("t.oid, t.typname::text, true", "pg_type t on t.typnamespace = n.oid and t.typname = $2", schema, name, searchPath, cancellationToken).ConfigureAwait(false) is { } found
            ? (found.Oid, new Analysis.Statements.QualifiedName(found.Schema, found.Name).ToString())
            : null;

    /// <summary>
    /// The first object of one catalog that <paramref name="name"/> resolves to along the search path, as PostgreSQL
    /// resolves it: <paramref name="columns"/> (oid, name, whether it is the kind asked for) from the catalog joined by
    /// <paramref name="catalogJoin"/>. Both are constants of this class, never user input.
    /// </summary>
    private async Task<(uint Oid, string Schema, string Name, bool Matches)?> ResolveAsync(string columns, string catalogJoin, string? schema, string name, IReadOnlyList<string>? searchPath, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            select {columns}, n.nspname::text
            {SearchPathSchemas}
            join {catalogJoin}
            order by path.position
            limit 1
            """);
        AddSchemas(command, schema, searchPath);
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetFieldValue<uint>(0), reader.GetString(3), reader.GetString(1), reader.GetBoolean(2))
            : null;
    }

    public async Task<uint?> FindSchemaAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = Command("select oid from pg_namespace where nspname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is uint oid ? oid : null;
    }

    public async Task<bool> HasColumnAsync(LiveTable table, string column, CancellationToken cancellationToken)
    {
        await using var command = Command("select exists (select 1 from pg_attribute where attrelid = $1 and attname = $2 and attnum > 0 and not attisdropped)");
        command.Parameters.Add(new NpgsqlParameter { Value = table.Oid, NpgsqlDbType = NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter { Value = column, NpgsqlDbType = NpgsqlDbType.Text });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The tables of a schema, each counted once: a partition or inheritance child whose parent is in the same schema is
    /// left out, because counting the parent already includes its rows.
    /// </summary>
    public async Task<IReadOnlyList<LiveTable>> TablesInSchemaAsync(uint schema, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            select c.oid, n.nspname::text, c.relname::text
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where c.relnamespace = $1 and c.relkind in ('r', 'p')
              and not exists (select 1 from pg_inherits i join pg_class parent on parent.oid = i.inhparent where i.inhrelid = c.oid and parent.relnamespace = $1)
            order by c.relname
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = schema, NpgsqlDbType = NpgsqlDbType.Oid });
        return await ReadTablesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tables TRUNCATE … CASCADE empties along with <paramref name="table"/>: those whose foreign keys point at it, transitively.</summary>
    public async Task<IReadOnlyList<LiveTable>> ReferencingTablesAsync(LiveTable table, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            with recursive referencing(oid) as (
                select $1::oid
              union
                select k.conrelid from pg_constraint k join referencing r on k.confrelid = r.oid
                where k.contype = 'f' and k.conparentid = 0
            )
            select c.oid, n.nspname::text, c.relname::text
            from referencing r
            join pg_class c on c.oid = r.oid
            join pg_namespace n on n.oid = c.relnamespace
            where r.oid <> $1 and c.relkind in ('r', 'p')
            order by n.nspname, c.relname
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = table.Oid, NpgsqlDbType = NpgsqlDbType.Oid });
        return await ReadTablesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The table columns that DROP … CASCADE of these types removes: columns of the types themselves, of domains over
    /// them and of arrays of them, transitively; an inherited column is its parent's, so only the parent's is listed.
    /// Tables in <paramref name="exceptSchema"/> (dropped whole) are left out.
    /// </summary>
    public async Task<IReadOnlyList<(LiveTable Table, string Column, string Type)>> ColumnsOfTypesAsync(uint[] types, uint? exceptSchema, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            with recursive types(oid) as (
                select unnest($1::oid[])
              union
                select t.oid from pg_type t join types s on t.typbasetype = s.oid or (t.typelem = s.oid and t.typcategory = 'A')
            )
            select c.oid, n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod)
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where a.atttypid in (select oid from types) and a.attnum > 0 and not a.attisdropped and a.attinhcount = 0
              and c.relkind in ('r', 'p') and ($2::oid is null or c.relnamespace <> $2)
            order by n.nspname, c.relname, a.attnum
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Oid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)exceptSchema ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Oid });
        var columns = new List<(LiveTable, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add((new LiveTable(reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
        }

        return columns;
    }

    /// <summary>Every type defined in a schema; dropping it with CASCADE drops their columns elsewhere too.</summary>
    public async Task<uint[]> TypesInSchemaAsync(uint schema, CancellationToken cancellationToken)
    {
        await using var command = Command("select coalesce(array_agg(oid), '{}') from pg_type where typnamespace = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = schema, NpgsqlDbType = NpgsqlDbType.Oid });
        return (uint[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The planner's row estimate (pg_class.reltuples) for a table and its partitions or inheritance children; null when
    /// any of them was never vacuumed or analyzed, so there is no estimate to trust.
    /// </summary>
    public async Task<long?> EstimatedRowsAsync(LiveTable table, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            with recursive tree(oid) as (
                select $1::oid
              union all
                select i.inhrelid from pg_inherits i join tree t on i.inhparent = t.oid
            )
            select case when bool_or(c.reltuples < 0) then null else sum(c.reltuples)::bigint end
            from tree join pg_class c on c.oid = tree.oid
            where c.relkind = 'r'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = table.Oid, NpgsqlDbType = NpgsqlDbType.Oid });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long estimate ? estimate : null;
    }

    /// <summary>The fraction of a column's values that are null, from the statistics ANALYZE keeps; null when it has none.</summary>
    public async Task<double?> NullFractionAsync(LiveTable table, string column, CancellationToken cancellationToken)
    {
        await using var command = Command("select null_frac from pg_stats where schemaname = $1 and tablename = $2 and attname = $3 order by inherited desc limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = table.Schema, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = table.Name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = column, NpgsqlDbType = NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is float fraction ? fraction : null;
    }

    /// <summary>The number of rows, reading at most <paramref name="limit"/> of them (a result equal to the limit means "at least").</summary>
    public async Task<long> CountRowsAsync(LiveTable table, long limit, CancellationToken cancellationToken)
    {
        await using var command = Command($"select count(*) from (select 1 from {table.Sql} limit $1) as bounded");
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Rows read (at most <paramref name="limit"/>) and how many of them hold a value in <paramref name="column"/>.</summary>
    public async Task<(long Rows, long Values)> CountValuesAsync(LiveTable table, string column, long limit, CancellationToken cancellationToken)
    {
        await using var command = Command($"select count(*), count(value) from (select {SqlIdentifier.Quote(column)} as value from {table.Sql} limit $1) as bounded");
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    private static void AddSchemas(NpgsqlCommand command, string? schema, IReadOnlyList<string>? searchPath)
    {
        object value = schema is not null ? new[] { schema } : searchPath is not null ? searchPath.ToArray() : DBNull.Value;
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    private static async Task<IReadOnlyList<LiveTable>> ReadTablesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var tables = new List<LiveTable>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(new LiveTable(reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2)));
        }

        return tables;
    }
}
