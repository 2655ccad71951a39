using System.Globalization;
using Migrations.Build.Engine.Database;
using Npgsql;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// What a restored backup holds: each schema with its tables and their exact row counts — enough for a person to
/// see at a glance that the backup has the data they expect, which a list of archive entries does not show.
/// </summary>
internal sealed record RestoredContents(IReadOnlyList<RestoredSchema> Schemas)
{
    public int TableCount => Schemas.Sum(schema => schema.Tables.Count);

    public long RowCount => Schemas.Sum(schema => schema.Tables.Sum(table => table.Rows));

    /// <summary>Reads every schema but PostgreSQL's own; counts rows with count(*), since statistics of a fresh restore are empty.</summary>
    public static async Task<RestoredContents> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Schema, string Table)>();
        var schemas = new List<string>();
        await using (var command = new NpgsqlCommand(
            """
            select n.nspname, c.relname
            from pg_namespace n
            left join pg_class c on c.relnamespace = n.oid and c.relkind = 'r'
            where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
            order by n.nspname, c.relname
            """,
            connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var schema = reader.GetString(0);
                if (schemas.Count == 0 || schemas[^1] != schema)
                {
                    schemas.Add(schema);
                }

                if (!reader.IsDBNull(1))
                {
                    tables.Add((schema, reader.GetString(1)));
                }
            }
        }

        var counted = new List<(string Schema, RestoredTable Table)>();
        foreach (var (schema, table) in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {SqlIdentifier.Quote(schema)}.{SqlIdentifier.Quote(table)}", connection);
            counted.Add((schema, new RestoredTable(table, (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)));
        }

        return new RestoredContents(schemas
            .Select(schema => new RestoredSchema(schema, counted.Where(entry => entry.Schema == schema).Select(entry => entry.Table).ToList()))
            .ToList());
    }

    /// <summary>One line per schema, then one indented line per table.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var schema in Schemas)
        {
            yield return schema.Tables.Count == 0
                ? $"  schema {schema.Name}: no tables"
                : $"  schema {schema.Name}: {Count(schema.Tables.Count, "table")}, {Count(schema.Tables.Sum(table => table.Rows), "row")}";
            foreach (var table in schema.Tables)
            {
                yield return $"    {schema.Name}.{table.Name}: {Count(table.Rows, "row")}";
            }
        }
    }

    public static string Count(long number, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{number:N0} {noun}{(number == 1 ? string.Empty : "s")}");
}

