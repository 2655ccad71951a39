using Migrations.Build.Engine.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Indexes PostgreSQL marks INVALID: what an interrupted <c>CREATE INDEX CONCURRENTLY</c> leaves behind (a lost
/// connection, a failed or cancelled build). They cost every write and serve no read, and re-running the migration
/// fails on the name, so deploy and status name them (MIG1026).
/// </summary>
internal static class InvalidIndexes
{
    public static async Task<IReadOnlyList<Diagnostic>> FindAsync(NpgsqlConnection connection, string environment, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(
            """
            select quote_ident(n.nspname) || '.' || quote_ident(i.relname), quote_ident(tn.nspname) || '.' || quote_ident(t.relname)
            from pg_index x
            join pg_class i on i.oid = x.indexrelid
            join pg_namespace n on n.oid = i.relnamespace
            join pg_class t on t.oid = x.indrelid
            join pg_namespace tn on tn.oid = t.relnamespace
            where not x.indisvalid and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
            order by 1
            """,
            connection);
        var found = new List<Diagnostic>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = reader.GetString(0);
            found.Add(new Diagnostic(
                DiagnosticCatalog.InvalidIndexLeft,
                SourceLocation.None,
                $"Index {index} on {reader.GetString(1)} is INVALID on {environment}: a CREATE INDEX CONCURRENTLY was interrupted (or is still running). It slows every write and answers no query; "
                + $"drop it with DROP INDEX CONCURRENTLY {index}; and deploy the migration again (settle a partial one first), or rebuild it with REINDEX INDEX CONCURRENTLY {index};."));
        }

        return found;
    }
}
