using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// Reads the value of an environment's URL variable: a libpq-style <c>postgres://</c> / <c>postgresql://</c> URI
/// (what Supabase and most hosts hand out) or an Npgsql key=value string (what .NET developers paste).
/// Stricter than libpq on purpose: anything ambiguous is refused with a message saying how to write it,
/// because a guessed host or database on Production is worse than a failed build. No error message ever
/// contains the password or the raw value.
/// </summary>
internal static class ConnectionUrl
{
    public const int DefaultPort = 5432;

    private const string UriShape = "postgres://user:password@host:5432/database";

    private static readonly string[] Schemes = ["postgres", "postgresql"];

    // Strict decoding: a password that is not valid UTF-8 after decoding is a typo, not something to guess at.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA,
        ["verify-full"] = SslMode.VerifyFull,
    };

    // libpq's spellings; Npgsql accepts the same words for its TargetSessionAttributes setting.
    private static readonly string[] TargetSessionAttributes = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"];

    /// <summary>The URI query parameters understood, in the order error messages list them.</summary>
    public static IReadOnlyList<string> SupportedQueryParameters { get; } =
    [
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "connect_timeout",
        "application_name",
        "options",
        "target_session_attrs",
        "keepalives_idle",
    ];

    /// <exception cref="ConnectionUrlFormatException">The value is unusable; the message never contains the password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value) => Read(value).Connection;

    /// <summary>Parses the value once, keeping what the text said (whether it named a database) beside the settings.</summary>
    /// <exception cref="ConnectionUrlFormatException">The value is unusable; the message never contains the password.</exception>
    public static ParsedConnectionUrl Read(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new ConnectionUrlFormatException($"the value is empty; expected {UriShape}");
        }

        // Only a real scheme token before "://" makes a URI: a key=value string may hold "://" in a value
        // (Options, a password) and must not be mistaken for one.
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : trimmed[..schemeEnd];
        if (!IsSchemeToken(scheme))
        {
            var keyValue = ParseKeyValue(trimmed);
            return new ParsedConnectionUrl(keyValue, namesDatabase: !string.IsNullOrEmpty(keyValue.Database));
        }

        if (!Schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new ConnectionUrlFormatException($"the URI has scheme '{scheme}'; use postgres:// or postgresql://, as in {UriShape}");
        }

        return ParseUri(scheme.ToLowerInvariant(), trimmed[(schemeEnd + 3)..]);
    }

    /// <summary>Like <see cref="Parse"/>, with the reason in <paramref name="error"/> instead of an exception.</summary>
    public static bool TryParse(
        string value,
        [NotNullWhen(true)] out NpgsqlConnectionStringBuilder? connection,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            connection = Parse(value);
            error = null;
            return true;
        }
        catch (ConnectionUrlFormatException exception)
        {
            connection = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// <c>scheme://user@host:port/database</c> with no password: the form every message may show.
    /// </summary>
    public static string Display(NpgsqlConnectionStringBuilder connection, string scheme = "postgres")
    {
        ArgumentNullException.ThrowIfNull(connection);
        var user = string.IsNullOrEmpty(connection.Username) ? string.Empty : connection.Username + "@";
        return $"{scheme}://{user}{HostAndPort(connection)}/{connection.Database ?? connection.Username ?? string.Empty}";
    }

    /// <summary><c>host:port</c>, with an IPv6 address in brackets; several hosts as Npgsql lists them.</summary>
    public static string HostAndPort(NpgsqlConnectionStringBuilder connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var host = connection.Host ?? string.Empty;
        if (host.Contains(',', StringComparison.Ordinal))
        {
            return host;
        }

        var bracketed = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return string.Create(CultureInfo.InvariantCulture, $"{bracketed}:{connection.Port}");
    }

    /// <summary>RFC 3986: a letter, then letters, digits, '+', '-' or '.'.</summary>
    private static bool IsSchemeToken(string text) =>
        text.Length > 0
        && char.IsAsciiLetter(text[0])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    private static ParsedConnectionUrl ParseUri(string scheme, string afterScheme)
    {
        if (afterScheme.Any(char.IsWhiteSpace))
        {
            throw new ConnectionUrlFormatException("the URI contains a space; percent-encode it as %20 (in options, for example: options=-c%20search_path%3Dapp)");
        }

        if (afterScheme.Contains('#', StringComparison.Ordinal))
        {
            throw new ConnectionUrlFormatException("the URI contains a raw '#'; percent-encode it as %23 (in a password too)");
        }

        var authorityEnd = afterScheme.IndexOfAny(['/', '?']);
        var authority = authorityEnd < 0 ? afterScheme : afterScheme[..authorityEnd];
        var remainder = authorityEnd < 0 ? string.Empty : afterScheme[authorityEnd..];

        // An '@' after the host part almost always means a password holding a raw '/', '?' or '@': the
        // authority then ended early and parts of the password sit in what would be shown as host or database.
        // Refusing keeps every later message (which names host, port, database and query keys) password-free.
        if (remainder.Contains('@', StringComparison.Ordinal) || authority.Count(c => c == '@') > 1)
        {
            throw new ConnectionUrlFormatException(
                "the URI has an '@' that does not end the user:password part; percent-encode '@', '/', '?', ':' and '%' in the user name, password, database and query values (as %40, %2F, %3F, %3A and %25)");
        }

        var at = authority.IndexOf('@', StringComparison.Ordinal);
        var builder = new NpgsqlConnectionStringBuilder();
        if (at >= 0)
        {
            ApplyUserInfo(builder, authority[..at]);
        }

        ApplyHosts(builder, authority[(at + 1)..]);

        var queryStart = remainder.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? remainder : remainder[..queryStart];
        var database = path.Length > 1 ? Decode(path[1..], "database name") : string.Empty;

        // libpq's default: a URI without a database connects to the database named after the user.
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        else if (!string.IsNullOrEmpty(builder.Username))
        {
            builder.Database = builder.Username;
        }

        if (queryStart >= 0)
        {
            ApplyQuery(builder, remainder[(queryStart + 1)..], scheme);
        }

        return new ParsedConnectionUrl(builder, namesDatabase: database.Length > 0);
    }

    private static void ApplyUserInfo(NpgsqlConnectionStringBuilder builder, string userInfo)
    {
        // The first ':' separates user from password (as libpq); later ones belong to the password.
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Decode(colon < 0 ? userInfo : userInfo[..colon], "user name");
        if (user.Length > 0)
        {
            builder.Username = user;
        }

        if (colon >= 0)
        {
            var password = Decode(userInfo[(colon + 1)..], "password");
            if (password.Length > 0)
            {
                builder.Password = password;
            }
        }
    }

    private static void ApplyHosts(NpgsqlConnectionStringBuilder builder, string hostList)
    {
        if (hostList.Length == 0)
        {
            throw new ConnectionUrlFormatException($"the URI names no host; expected {UriShape}");
        }

        var hosts = hostList.Split(',').Select(ParseHost).ToList();
        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Host;
            builder.Port = hosts[0].Port;
            return;
        }

        // Npgsql takes several hosts as one list with a port on each; brackets keep IPv6 colons apart from the port.
        builder.Host = string.Join(',', hosts.Select(h => string.Create(
            CultureInfo.InvariantCulture,
            $"{(h.Host.Contains(':', StringComparison.Ordinal) ? $"[{h.Host}]" : h.Host)}:{h.Port}")));
    }

    private static (string Host, int Port) ParseHost(string hostAndPort)
    {
        string host;
        string? port;
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ConnectionUrlFormatException("an IPv6 host has '[' but no closing ']'; write it as [::1]:5432");
            }

            host = hostAndPort[1..close];
            var after = hostAndPort[(close + 1)..];
            if (after.Length > 0 && !after.StartsWith(':'))
            {
                throw new ConnectionUrlFormatException($"unexpected text after the IPv6 host [{host}]; write it as [{host}]:5432");
            }

            port = after.Length > 0 ? after[1..] : null;
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                throw new ConnectionUrlFormatException($"'[{host}]' is not an IPv6 address; only IPv6 addresses go in brackets");
            }
        }
        else
        {
            var colons = hostAndPort.Count(c => c == ':');
            if (colons > 1)
            {
                throw new ConnectionUrlFormatException("an IPv6 host must be written in brackets, as in postgres://user@[2001:db8::1]:5432/database");
            }

            var colon = hostAndPort.IndexOf(':', StringComparison.Ordinal);
            host = Decode(colon < 0 ? hostAndPort : hostAndPort[..colon], "host");
            port = colon < 0 ? null : hostAndPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new ConnectionUrlFormatException($"the URI names no host; expected {UriShape}");
        }

        return (host, port is null ? DefaultPort : ParsePort(port, host));
    }

    private static int ParsePort(string port, string host)
    {
        if (port.Length is > 0 and <= 5
            && port.All(char.IsAsciiDigit)
            && int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) is >= 1 and <= 65535 and var number)
        {
            return number;
        }

        // The text is not shown: in postgres://user:secret/db (no '@') the "port" is really a password.
        throw new ConnectionUrlFormatException($"the port after host {host} is not a number from 1 to 65535");
    }

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string query, string scheme)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals], "query parameter name");
            var where = Display(builder, scheme);
            if (!SupportedQueryParameters.Contains(key, StringComparer.Ordinal))
            {
                var closest = Text.SpellingSuggestion.Find(key, SupportedQueryParameters);
                throw new ConnectionUrlFormatException(
                    $"{where}: unknown query parameter '{key}'{(closest is null ? string.Empty : $" (did you mean {closest}?)")}; "
                    + $"supported: {string.Join(", ", SupportedQueryParameters)}");
            }

            if (!seen.Add(key))
            {
                throw new ConnectionUrlFormatException($"{where}: query parameter '{key}' is given twice");
            }

            if (equals < 0 || equals == pair.Length - 1)
            {
                throw new ConnectionUrlFormatException($"{where}: query parameter '{key}' has no value");
            }

            ApplyQueryParameter(builder, key, Decode(pair[(equals + 1)..], $"query parameter '{key}'"), where);
        }
    }

    private static void ApplyQueryParameter(NpgsqlConnectionStringBuilder builder, string key, string value, string where)
    {
        switch (key)
        {
            case "sslmode":
                builder.SslMode = SslModes.TryGetValue(value, out var mode)
                    ? mode
                    : throw new ConnectionUrlFormatException($"{where}: sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}");
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "connect_timeout":
                // Npgsql caps its connection timeout at 1024 seconds; 0 waits indefinitely, as in libpq.
                builder.Timeout = ParseSeconds(value, key, where, maximum: 1024);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            case "target_session_attrs":
                if (!TargetSessionAttributes.Contains(value, StringComparer.Ordinal))
                {
                    throw new ConnectionUrlFormatException(
                        $"{where}: target_session_attrs '{value}' is not one of {string.Join(", ", TargetSessionAttributes)}");
                }

                // Npgsql refuses anything but "any" for a single host when it connects; say so now, not mid-deploy.
                if (value != "any" && builder.Host?.Contains(',', StringComparison.Ordinal) != true)
                {
                    throw new ConnectionUrlFormatException(
                        $"{where}: target_session_attrs={value} needs several hosts (postgres://user@host1:5432,host2:5432/database); Npgsql does not check it for a single host");
                }

                builder.TargetSessionAttributes = value;
                break;
            case "keepalives_idle":
                builder.TcpKeepAliveTime = ParseSeconds(value, key, where, maximum: int.MaxValue);
                break;
            default:
                throw new InvalidOperationException($"query parameter '{key}' is listed as supported but has no mapping");
        }
    }

    private static int ParseSeconds(string value, string key, string where, int maximum)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= maximum)
        {
            return seconds;
        }

        throw new ConnectionUrlFormatException($"{where}: {key} '{value}' is not a whole number of seconds from 0 to {maximum}");
    }

    /// <summary>Percent-decodes one part. The error names the part, never its text (it may be the password).</summary>
    private static string Decode(string text, string part)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                // Whole runs at once, so a surrogate pair is never split while encoding.
                var next = text.IndexOf('%', i);
                var end = next < 0 ? text.Length : next;
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i..end]));
                i = end - 1;
                continue;
            }

            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                throw new ConnectionUrlFormatException(
                    $"the {part} has a '%' that is not followed by two hex digits; write a literal '%' as %25");
            }

            bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw new ConnectionUrlFormatException($"the {part} does not decode to valid UTF-8 text");
        }
    }

    private static NpgsqlConnectionStringBuilder ParseKeyValue(string value)
    {
        // The generic parser first: it separates "not key=value at all" from "a key Npgsql does not know".
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            throw new ConnectionUrlFormatException(
                $"the value is neither a postgres:// URI ({UriShape}) nor an Npgsql connection string (Host=host;Port=5432;Username=user;Password=password;Database=database); in a connection string, quote a value holding ';' or '=' as Password='…'");
        }

        var hasPassword = generic.Keys.Cast<string>().Any(IsPasswordKey);
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (string key in generic.Keys)
        {
            try
            {
                builder[key] = generic[key];
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw new ConnectionUrlFormatException(KeyValueProblem(key, hasPassword));
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConnectionUrlFormatException("the connection string names no host; add Host=…");
        }

        return builder;
    }

    private static string KeyValueProblem(string key, bool hasPassword)
    {
        var isNpgsqlKey = new NpgsqlConnectionStringBuilder().ContainsKey(key);
        if (isNpgsqlKey)
        {
            return $"the connection string has an invalid value for '{key}'";
        }

        // An unquoted ';' inside a password splits it, and the tail reads as a key: with a password present
        // an unknown key may be a piece of that password, so it is not shown.
        return hasPassword
            ? "the connection string has a keyword Npgsql does not support (not shown: it may be part of a password holding ';' — quote such a password as Password='…')"
            : $"the connection string has keyword '{key}', which Npgsql does not support";
    }

    private static bool IsPasswordKey(string key) =>
        key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase);
}
