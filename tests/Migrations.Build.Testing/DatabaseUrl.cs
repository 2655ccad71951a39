using Npgsql;

namespace Migrations.Build.Testing;

/// <summary>
/// Turns the value of MIGRATIONS_TEST_DATABASE_URL into an Npgsql connection string. Hosted CI services
/// hand out libpq-style URIs while .NET developers tend to paste Npgsql key=value strings; both are accepted.
/// </summary>
public static class DatabaseUrl
{
    private const int DefaultPort = 5432;
    private const string DefaultDatabase = "postgres";

    /// <exception cref="FormatException">The value is unusable; the message never repeats the value, which may hold a password.</exception>
    public static string ToNpgsqlConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new FormatException($"{PostgresServerOptions.DatabaseUrlVariable} is empty.");
        }

        var builder = IsUri(trimmed) ? FromUri(trimmed) : FromKeyValue(trimmed);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new FormatException($"{PostgresServerOptions.DatabaseUrlVariable} names no host.");
        }

        return builder.ConnectionString;
    }

    private static bool IsUri(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromKeyValue(string value)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            // The original message can quote the offending fragment, which may be the password.
            throw new FormatException(
                $"{PostgresServerOptions.DatabaseUrlVariable} is neither a postgres:// URI nor a valid Npgsql connection string (value not shown: it may contain a password).");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException(
                $"{PostgresServerOptions.DatabaseUrlVariable} looks like a postgres:// URI but cannot be parsed; expected postgres://user:password@host:port/database (value not shown: it may contain a password).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            // DnsSafeHost drops the brackets of an IPv6 literal, which Npgsql does not want.
            Host = uri.DnsSafeHost,
            Port = uri.Port > 0 ? uri.Port : DefaultPort,
            Database = DatabaseFrom(uri),
        };

        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var (key, parameterValue) in QueryParameters(uri.Query))
        {
            ApplyQueryParameter(builder, key, parameterValue);
        }

        return builder;
    }

    private static string DatabaseFrom(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return path.Length == 0 ? DefaultDatabase : path;
    }

    private static IEnumerable<(string Key, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            yield return (key, value);
        }
    }

    private static void ApplyQueryParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        // libpq spells a few common parameters differently from Npgsql; anything else is passed through.
        var npgsqlKey = key.ToLowerInvariant() switch
        {
            "sslmode" => "SSL Mode",
            "application_name" => "Application Name",
            "connect_timeout" => "Timeout",
            "user" => "Username",
            "dbname" => "Database",
            _ => key,
        };

        try
        {
            builder[npgsqlKey] = value;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            throw new FormatException(
                $"{PostgresServerOptions.DatabaseUrlVariable} has query parameter '{key}' that Npgsql does not accept.");
        }
    }
}
