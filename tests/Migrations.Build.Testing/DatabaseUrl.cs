using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Testing;

/// <summary>
/// Reads MIGRATIONS_TEST_DATABASE_URL with the product's parser (<see cref="ServerUrl"/>), so the tests accept exactly
/// what MIGRATIONS_LOCAL_URL accepts; only the error message names the test suite's variable.
/// </summary>
public static class DatabaseUrl
{
    /// <exception cref="FormatException">The value is unusable; the message never repeats the value, which may hold a password.</exception>
    public static string ToNpgsqlConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return ServerUrl.Parse(value).ConnectionString;
        }
        catch (ConnectionUrlFormatException exception)
        {
            throw new FormatException($"{PostgresServerOptions.DatabaseUrlVariable}: {exception.Message}", exception);
        }
    }
}
