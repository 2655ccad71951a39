using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Tests.Environments;

[TestClass]
public sealed class ConnectionUrlTests
{
    private const string Secret = "hunter2";

    [TestMethod]
    public void A_full_uri_maps_every_part()
    {
        var connection = ConnectionUrl.Parse("postgres://deploy:s3cret@db.example.com:6543/billing");

        Assert.AreEqual("db.example.com", connection.Host);
        Assert.AreEqual(6543, connection.Port);
        Assert.AreEqual("deploy", connection.Username);
        Assert.AreEqual("s3cret", connection.Password);
        Assert.AreEqual("billing", connection.Database);
    }

    [TestMethod]
    [DataRow("p%40ss", "p@ss")]
    [DataRow("a%3Ab%3Ac", "a:b:c")]
    [DataRow("a%2Fb", "a/b")]
    [DataRow("100%25", "100%")]
    [DataRow("h%23sh%3Fq", "h#sh?q")]
    [DataRow("%40%3A%2F%25%23%3F", "@:/%#?")]
    [DataRow("caf%C3%A9", "café")]
    [DataRow("raw:colon", "raw:colon")]
    public void Percent_encoded_passwords_are_decoded(string encoded, string expected)
    {
        var connection = ConnectionUrl.Parse($"postgresql://deploy:{encoded}@db.example.com/postgres");

        Assert.AreEqual(expected, connection.Password);
        Assert.AreEqual("deploy", connection.Username);
        Assert.AreEqual("db.example.com", connection.Host);
    }

    [TestMethod]
    public void User_name_and_database_are_percent_decoded()
    {
        var connection = ConnectionUrl.Parse("postgres://postgres.abcd%40tenant@db.example.com/app%20db");

        Assert.AreEqual("postgres.abcd@tenant", connection.Username);
        Assert.AreEqual("app db", connection.Database);
    }

    [TestMethod]
    [DataRow("postgres://deploy@db.example.com/postgres", 5432)]
    [DataRow("postgres://deploy@db.example.com:5433/postgres", 5433)]
    [DataRow("postgres://deploy@db.example.com", 5432)]
    [DataRow("POSTGRESQL://deploy@db.example.com:1/postgres", 1)]
    public void Port_defaults_to_5432(string url, int port)
    {
        Assert.AreEqual(port, ConnectionUrl.Parse(url).Port);
    }

    [TestMethod]
    [DataRow("postgres://deploy:x@db.example.com", "deploy")]
    [DataRow("postgres://deploy:x@db.example.com/", "deploy")]
    [DataRow("postgres://deploy:x@db.example.com?sslmode=require", "deploy")]
    public void Database_defaults_to_the_user_name_as_in_libpq(string url, string database)
    {
        Assert.AreEqual(database, ConnectionUrl.Parse(url).Database);
    }

    [TestMethod]
    public void Without_user_or_database_both_are_left_to_Npgsql()
    {
        var connection = ConnectionUrl.Parse("postgres://db.example.com");

        Assert.IsNull(connection.Username);
        Assert.IsNull(connection.Database);
        Assert.IsNull(connection.Password);
    }

    [TestMethod]
    [DataRow("postgres://u@[::1]:5433/db", "::1", 5433)]
    [DataRow("postgres://u@[::1]/db", "::1", 5432)]
    [DataRow("postgres://u@[2001:db8::7]:6000", "2001:db8::7", 6000)]
    [DataRow("postgres://u@127.0.0.1:6000/db", "127.0.0.1", 6000)]
    public void Ipv6_hosts_are_written_in_brackets(string url, string host, int port)
    {
        var connection = ConnectionUrl.Parse(url);

        Assert.AreEqual(host, connection.Host);
        Assert.AreEqual(port, connection.Port);
    }

    [TestMethod]
    public void Several_hosts_become_an_Npgsql_host_list_with_a_port_each()
    {
        var connection = ConnectionUrl.Parse("postgres://u@h1:5432,h2:5433,[::1]/db?target_session_attrs=read-write");

        Assert.AreEqual("h1:5432,h2:5433,[::1]:5432", connection.Host);
        Assert.AreEqual("read-write", connection.TargetSessionAttributes);
        Assert.AreEqual("h1:5432,h2:5433,[::1]:5432", ConnectionUrl.HostAndPort(connection));
    }

    [TestMethod]
    public void A_unix_socket_directory_may_be_given_percent_encoded()
    {
        Assert.AreEqual("/var/run/postgresql", ConnectionUrl.Parse("postgres://u@%2Fvar%2Frun%2Fpostgresql/db").Host);
    }

    [TestMethod]
    [DataRow("disable", SslMode.Disable)]
    [DataRow("allow", SslMode.Allow)]
    [DataRow("prefer", SslMode.Prefer)]
    [DataRow("require", SslMode.Require)]
    [DataRow("verify-ca", SslMode.VerifyCA)]
    [DataRow("verify-full", SslMode.VerifyFull)]
    public void Sslmode_maps_to_Npgsql(string value, SslMode expected)
    {
        Assert.AreEqual(expected, ConnectionUrl.Parse($"postgres://u@h/db?sslmode={value}").SslMode);
    }

    [TestMethod]
    public void Every_supported_query_parameter_maps_to_its_Npgsql_setting()
    {
        var connection = ConnectionUrl.Parse(
            "postgres://u:" + Secret + "@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&sslcert=/c/client.crt&sslkey=/c/client.key"
            + "&connect_timeout=7&application_name=deploy%20bot&options=-c%20search_path%3Dbilling,public&keepalives_idle=60");

        Assert.AreEqual(SslMode.VerifyFull, connection.SslMode);
        Assert.AreEqual("/etc/ca.pem", connection.RootCertificate);
        Assert.AreEqual("/c/client.crt", connection.SslCertificate);
        Assert.AreEqual("/c/client.key", connection.SslKey);
        Assert.AreEqual(7, connection.Timeout);
        Assert.AreEqual("deploy bot", connection.ApplicationName);
        Assert.AreEqual("-c search_path=billing,public", connection.Options);
        Assert.AreEqual(60, connection.TcpKeepAliveTime);
    }

    [TestMethod]
    public void A_plus_in_options_stays_a_plus_as_in_libpq()
    {
        Assert.AreEqual("-c x=a+b", ConnectionUrl.Parse("postgres://u@h/db?options=-c%20x%3Da+b").Options);
    }

    [TestMethod]
    public void An_unknown_query_parameter_is_named_with_the_supported_ones()
    {
        var error = ParseError($"postgres://deploy:{Secret}@db.example.com:5432/postgres?ssl=true");

        Assert.Contains("unknown query parameter 'ssl'; supported:", error);
        Assert.Contains("postgres://deploy@db.example.com:5432/postgres", error);
        foreach (var supported in ConnectionUrl.SupportedQueryParameters)
        {
            Assert.Contains(supported, error);
        }
    }

    [TestMethod]
    [DataRow("ssl_mode", "sslmode")]
    [DataRow("SSLMODE", "sslmode")]
    [DataRow("connect-timeout", "connect_timeout")]
    [DataRow("applicationname", "application_name")]
    public void A_misspelt_query_parameter_gets_a_suggestion(string key, string suggestion)
    {
        var error = ParseError($"postgres://deploy:{Secret}@db.example.com/postgres?{key}=1");

        Assert.Contains($"unknown query parameter '{key}' (did you mean {suggestion}?); supported:", error);
    }

    [TestMethod]
    [DataRow("postgres://u:{0}@h/db?sslmode=on", "sslmode 'on' is not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [DataRow("postgres://u:{0}@h/db?connect_timeout=-1", "connect_timeout '-1' is not a whole number of seconds from 0 to 1024")]
    [DataRow("postgres://u:{0}@h/db?connect_timeout=5000", "connect_timeout '5000'")]
    [DataRow("postgres://u:{0}@h/db?keepalives_idle=soon", "keepalives_idle 'soon'")]
    [DataRow("postgres://u:{0}@h/db?target_session_attrs=primary", "needs several hosts")]
    [DataRow("postgres://u:{0}@h1,h2/db?target_session_attrs=writable", "target_session_attrs 'writable' is not one of")]
    [DataRow("postgres://u:{0}@h/db?sslmode=require&sslmode=disable", "'sslmode' is given twice")]
    [DataRow("postgres://u:{0}@h/db?sslmode", "'sslmode' has no value")]
    [DataRow("postgres://u:{0}@h/db?sslmode=", "'sslmode' has no value")]
    [DataRow("postgres://u:{0}@h:65536/db", "the port after host h is not a number from 1 to 65535")]
    [DataRow("postgres://u:{0}@h:0/db", "not a number from 1 to 65535")]
    [DataRow("postgres://u:{0}@h:/db", "not a number from 1 to 65535")]
    [DataRow("postgres://u:{0}@/db", "names no host")]
    [DataRow("postgres://u:{0}@", "names no host")]
    [DataRow("postgres://u:{0}@h1,/db", "names no host")]
    [DataRow("postgres://u:{0}@::1/db", "must be written in brackets")]
    [DataRow("postgres://u:{0}@[::1/db", "no closing ']'")]
    [DataRow("postgres://u:{0}@[::1]x/db", "unexpected text after the IPv6 host")]
    [DataRow("postgres://u:{0}@[localhost]/db", "only IPv6 addresses go in brackets")]
    [DataRow("mysql://u:{0}@h/db", "scheme 'mysql'")]
    [DataRow("http://u:{0}@h/db", "use postgres:// or postgresql://")]
    [DataRow("{0}://h/db", "scheme 'hunter2'")]
    public void Malformed_uris_say_what_is_wrong(string template, string expected)
    {
        var error = ParseError(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Secret), allowSecretAsScheme: template.StartsWith("{0}", StringComparison.Ordinal));

        Assert.Contains(expected, error);
    }

    [TestMethod]
    [DataRow("postgres://deploy:{0}@{0}@db.example.com/postgres")]
    [DataRow("postgres://deploy:a/{0}@db.example.com/postgres")]
    [DataRow("postgres://deploy:a?{0}@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0}#x@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0}/postgres")]
    [DataRow("postgres://deploy:{0}%zz@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0}%@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0}%C3@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0} x@db.example.com/postgres")]
    [DataRow("postgres://deploy:{0}@db.example.com/postgres?application_name=a@b")]
    public void Passwords_with_raw_special_characters_are_refused_without_being_shown(string template)
    {
        var error = ParseError(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Secret));

        Assert.IsFalse(string.IsNullOrWhiteSpace(error));
    }

    [TestMethod]
    public void A_raw_at_sign_in_the_password_explains_the_percent_encoding()
    {
        var error = ParseError($"postgres://deploy:{Secret}@x@db.example.com/postgres");

        Assert.Contains("%40", error);
    }

    [TestMethod]
    public void Npgsql_key_value_strings_are_accepted()
    {
        var connection = ConnectionUrl.Parse($"Host=10.0.0.5;Port=5544;Username=ci;Password='{Secret};x';Database=ci;SSL Mode=Require");

        Assert.AreEqual("10.0.0.5", connection.Host);
        Assert.AreEqual(5544, connection.Port);
        Assert.AreEqual("ci", connection.Username);
        Assert.AreEqual(Secret + ";x", connection.Password);
        Assert.AreEqual(SslMode.Require, connection.SslMode);
    }

    [TestMethod]
    public void A_key_value_string_holding_a_scheme_in_a_value_stays_a_key_value_string()
    {
        var connection = ConnectionUrl.Parse("Host=h;Username=u;Password='x://y';Application Name=from https://ci.example.com");

        Assert.AreEqual("h", connection.Host);
        Assert.AreEqual("x://y", connection.Password);
        Assert.AreEqual("from https://ci.example.com", connection.ApplicationName);
    }

    [TestMethod]
    [DataRow("Username=u;Password={0}", "names no host")]
    [DataRow("Host=h;Password={0};this is not a pair", "is neither a postgres:// URI")]
    [DataRow("db.example.com", "is neither a postgres:// URI")]
    [DataRow("Host=h;Port=abc;Password={0}", "invalid value for 'port'")]
    [DataRow("Host=h;Password={0};Frobnicate=1", "keyword Npgsql does not support (not shown")]
    [DataRow("Host=h;Password=se;{0}=x", "keyword Npgsql does not support (not shown")]
    [DataRow("Host=h;Frobnicate=1", "keyword 'frobnicate', which Npgsql does not support")]
    [DataRow("   ", "empty")]
    public void Malformed_key_value_strings_say_what_is_wrong(string template, string expected)
    {
        var error = ParseError(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Secret));

        Assert.Contains(expected, error);
    }

    [TestMethod]
    public void TryParse_reports_the_error_instead_of_throwing()
    {
        Assert.IsFalse(ConnectionUrl.TryParse($"postgres://u:{Secret}@h/db?bogus=1", out var connection, out var error));
        Assert.IsNull(connection);
        Assert.Contains("bogus", error);
        Assert.DoesNotContain(Secret, error);

        Assert.IsTrue(ConnectionUrl.TryParse("postgres://u@h/db", out connection, out error));
        Assert.AreEqual("h", connection.Host);
        Assert.IsNull(error);
    }

    [TestMethod]
    [DataRow("postgres://deploy:x@db.example.com/postgres", "postgres://deploy@db.example.com:5432/postgres")]
    [DataRow("postgres://deploy:x@[::1]:6000/app", "postgres://deploy@[::1]:6000/app")]
    [DataRow("Host=h;Username=ci;Password=x", "postgres://ci@h:5432/ci")]
    public void Display_never_shows_the_password(string value, string expected)
    {
        Assert.AreEqual(expected, ConnectionUrl.Display(ConnectionUrl.Parse(value)));
    }

    private static string ParseError(string value, bool allowSecretAsScheme = false)
    {
        var exception = Assert.ThrowsExactly<ConnectionUrlFormatException>(() => ConnectionUrl.Parse(value));
        if (!allowSecretAsScheme)
        {
            Assert.DoesNotContain(Secret, exception.Message, "the password leaked into: " + exception.Message);
            Assert.DoesNotContain(value, exception.Message);
        }

        return exception.Message;
    }
}
