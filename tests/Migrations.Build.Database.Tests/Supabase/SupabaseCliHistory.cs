using Npgsql;

namespace Migrations.Build.Database.Tests.Supabase;

/// <summary>
/// <c>supabase_migrations.schema_migrations</c> as the Supabase CLI leaves it, written here independently of the
/// product's own code (docs/supabase.md: pkg/migration/history.go and file.go of supabase/cli). <c>supabase db push</c>
/// runs <see cref="CreateAsync"/>'s statements before applying anything, then, in each migration's implicit
/// transaction after its statements, inserts (version, name, statements).
/// </summary>
internal static class SupabaseCliHistory
{
    /// <summary>The current CLI's table: version, then the statements and name columns it adds on every push.</summary>
    public static Task CreateAsync(NpgsqlConnection connection) => ExecuteAsync(
        connection,
        """
        set lock_timeout = '4s';
        create schema if not exists supabase_migrations;
        create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
        alter table supabase_migrations.schema_migrations add column if not exists statements text[];
        alter table supabase_migrations.schema_migrations add column if not exists name text;
        """);

    /// <summary>The table as the oldest CLI releases made it: the version key alone.</summary>
    public static Task CreateVersionOnlyAsync(NpgsqlConnection connection) => ExecuteAsync(
        connection,
        """
        create schema if not exists supabase_migrations;
        create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
        """);

    /// <summary>
    /// What <c>supabase db push</c> does for one file: its statements, then its row, in one transaction. The row's
    /// version and name come from the file name (<c>^([0-9]+)_(.*)\.sql$</c>); statements are the file split at each
    /// semicolon, trimmed, without the semicolon.
    /// </summary>
    public static async Task PushAsync(NpgsqlConnection connection, string fileName, params string[] statements)
    {
        var stem = fileName[..^".sql".Length];
        var cut = stem.IndexOf('_', StringComparison.Ordinal);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var statement in statements)
        {
            await using var run = new NpgsqlCommand(statement, connection, transaction);
            await run.ExecuteNonQueryAsync();
        }

        await using var insert = new NpgsqlCommand("insert into supabase_migrations.schema_migrations(version, name, statements) values($1, $2, $3)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = stem[..cut] });
        insert.Parameters.Add(new NpgsqlParameter { Value = stem[(cut + 1)..] });
        insert.Parameters.Add(new NpgsqlParameter { Value = statements });
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    /// <summary>What <c>supabase migration list</c> reads as the remote's applied versions.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select version from supabase_migrations.schema_migrations order by version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<string>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
