using Migrations.Build.Testing;
using Npgsql;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// Builds postgres:// URLs for test databases the way users write them. When the server does not check passwords
/// (the throwaway cluster trusts local connections), the URL carries a password full of URI metacharacters, so the
/// tests can prove it is decoded correctly and never printed.
/// </summary>
internal static class DatabaseUrls
{
    public const string SpecialPassword = "p@ss:w/rd%x?#1";

    public static string For(TestDatabase database, out string password) => For(database.ConnectionString, out password);

    /// <summary>The URL of the database an Npgsql connection string names (any server, not only the shared one).</summary>
    public static string For(string connectionString, out string password)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        password = string.IsNullOrEmpty(builder.Password) ? SpecialPassword : builder.Password;
        var host = builder.Host!.Contains(':') ? $"[{builder.Host}]" : builder.Host;
        return $"postgres://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(password)}@{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
    }

    public static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The sample migrations assume Supabase's roles and auth schema: give a plain database the built-in shim.</summary>
    public static Task ApplySupabaseShimAsync(TestDatabase database) =>
        ExecuteAsync(database, Migrations.Build.Engine.Local.LocalBootstrap.Supabase.Sql);
}
