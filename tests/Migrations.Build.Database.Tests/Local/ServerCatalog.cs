using Npgsql;

namespace Migrations.Build.Database.Tests.Local;

/// <summary>Looks at a server from the outside, to prove what the provider created or dropped.</summary>
internal static class ServerCatalog
{
    public static async Task<bool> DatabaseExistsAsync(string adminConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_database where datname = $1)", connection);
        command.Parameters.AddWithValue(name);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<string>> DatabasesStartingWithAsync(string adminConnectionString, string prefix)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select datname from pg_database where starts_with(datname, $1)", connection);
        command.Parameters.AddWithValue(prefix);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>A postgres:// URI for a connection string, optionally without the database part.</summary>
    public static string ToUri(string connectionString, bool withDatabase)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var userInfo = Uri.EscapeDataString(builder.Username!)
            + (string.IsNullOrEmpty(builder.Password) ? string.Empty : ":" + Uri.EscapeDataString(builder.Password));
        var host = builder.Host!.Contains(':') ? $"[{builder.Host}]" : builder.Host;
        var database = withDatabase ? "/" + Uri.EscapeDataString(builder.Database!) : string.Empty;
        return $"postgres://{userInfo}@{host}:{builder.Port}{database}";
    }
}
