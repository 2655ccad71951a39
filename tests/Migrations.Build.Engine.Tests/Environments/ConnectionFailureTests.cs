using System.Net.Sockets;
using System.Security.Authentication;
using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Tests.Environments;

/// <summary>
/// Classification of exceptions shaped like Npgsql's. The same causes are proven against real connection
/// failures in Migrations.Build.Database.Tests; these cover what a local server cannot produce (28P01 under
/// trust authentication, certificate rejection).
/// </summary>
[TestClass]
public sealed class ConnectionFailureTests
{
    private const string Secret = "hunter2-secret";

    private static readonly ConnectionTarget Staging = new(
        MigrationEnvironment.Staging,
        ConnectionUrl.Parse($"postgres://deploy:{Secret}@db.example.com:6543/app?connect_timeout=9"));

    private static Exception Server(string sqlState, string text) =>
        new PostgresException(text, "FATAL", "FATAL", sqlState);

    private static Exception Socket(SocketError error) =>
        new NpgsqlException("Failed to connect to 10.0.0.1:6543", new SocketException((int)error));

    public static IEnumerable<object[]> Failures =>
    [
        [Server("28P01", "password authentication failed for user \"deploy\""), ConnectionFailureCause.AuthenticationFailed],
        [Server("28000", "role \"deploy\" does not exist"), ConnectionFailureCause.AuthenticationFailed],
        [Server("3D000", "database \"app\" does not exist"), ConnectionFailureCause.DatabaseDoesNotExist],
        [Server("53300", "sorry, too many clients already"), ConnectionFailureCause.Other],
        [Socket(SocketError.HostNotFound), ConnectionFailureCause.HostNotFound],
        [Socket(SocketError.TryAgain), ConnectionFailureCause.HostNotFound],
        [Socket(SocketError.ConnectionRefused), ConnectionFailureCause.ConnectionRefused],
        [Socket(SocketError.TimedOut), ConnectionFailureCause.Timeout],
        [Socket(SocketError.NetworkUnreachable), ConnectionFailureCause.Other],
        [new NpgsqlException("The operation has timed out", new TimeoutException()), ConnectionFailureCause.Timeout],
        [new NpgsqlException("Exception while performing SSL handshake", new AuthenticationException("The remote certificate is invalid")), ConnectionFailureCause.TlsFailure],
        [new NpgsqlException("SSL connection requested. No SSL enabled connection from this host is configured."), ConnectionFailureCause.TlsFailure],
        [new NpgsqlException("Unable to connect to a suitable host.", new AggregateException(Socket(SocketError.ConnectionRefused), Server("3D000", "database \"app\" does not exist"))), ConnectionFailureCause.DatabaseDoesNotExist],
        [new NpgsqlException("Unable to connect to a suitable host.", new AggregateException(Socket(SocketError.HostNotFound), Socket(SocketError.ConnectionRefused))), ConnectionFailureCause.HostNotFound],
        [new InvalidOperationException("something else"), ConnectionFailureCause.Other],
    ];

    [TestMethod]
    [DynamicData(nameof(Failures))]
    public void Exceptions_are_classified_by_cause(Exception exception, ConnectionFailureCause expected)
    {
        Assert.AreEqual(expected, ConnectionFailure.Classify(exception));
    }

    [TestMethod]
    [DynamicData(nameof(Failures))]
    public void Every_description_is_MIG1001_with_the_place_and_no_password_or_stack_trace(Exception exception, ConnectionFailureCause cause)
    {
        var diagnostic = ConnectionFailure.Describe(Staging, exception);

        Assert.AreEqual("MIG1001", diagnostic.Code, cause.ToString());
        Assert.IsTrue(diagnostic.IsError);
        StringAssert.StartsWith(diagnostic.Message, "Cannot connect to Staging (SUPABASE_STAGING_URL) at db.example.com:6543, database app, user deploy: ");
        Assert.DoesNotContain(Secret, diagnostic.Message);
        Assert.DoesNotContain(" at ", diagnostic.Message.Split(": ", 2)[1], "looks like a stack trace");
        Assert.DoesNotContain("\n", diagnostic.Message);
    }

    [TestMethod]
    public void Authentication_failure_quotes_the_server_and_says_what_to_check()
    {
        var message = ConnectionFailure.Describe(Staging, Server("28P01", "password authentication failed for user \"deploy\"")).Message;

        Assert.AreEqual(
            "Cannot connect to Staging (SUPABASE_STAGING_URL) at db.example.com:6543, database app, user deploy: "
            + "authentication failed (password authentication failed for user \"deploy\", SQLSTATE 28P01). "
            + "Check the user name and password in SUPABASE_STAGING_URL (percent-encode @ : / ? # % in a URI password) "
            + "and that the role exists and may log in.",
            message);
    }

    [TestMethod]
    public void Timeout_names_the_limit_it_waited()
    {
        var message = ConnectionFailure.Describe(Staging, new NpgsqlException("The operation has timed out", new TimeoutException())).Message;

        Assert.Contains("no answer within 9 seconds (timed out)", message);
    }

    [TestMethod]
    public void Other_failures_quote_the_driver_and_server_reasons()
    {
        Assert.Contains(
            "Failed to connect to 10.0.0.1:6543: " + new SocketException((int)SocketError.NetworkUnreachable).Message.TrimEnd('.'),
            ConnectionFailure.Describe(Staging, Socket(SocketError.NetworkUnreachable)).Message);
        Assert.Contains(
            "the server refused the connection: sorry, too many clients already, SQLSTATE 53300. Check the URL in SUPABASE_STAGING_URL.",
            ConnectionFailure.Describe(Staging, Server("53300", "sorry, too many clients already")).Message);
    }

    [TestMethod]
    public void A_short_password_does_not_mangle_the_message()
    {
        var target = new ConnectionTarget(MigrationEnvironment.Staging, ConnectionUrl.Parse("postgres://deploy:e@db.example.com/app"));

        var message = ConnectionFailure.Describe(target, Socket(SocketError.HostNotFound)).Message;

        StringAssert.StartsWith(message, "Cannot connect to Staging (SUPABASE_STAGING_URL) at db.example.com:5432, database app, user deploy: the host name");
    }

    [TestMethod]
    public void A_password_echoed_by_an_exception_is_scrubbed()
    {
        var diagnostic = ConnectionFailure.Describe(Staging, new InvalidOperationException($"bad: Password={Secret}\nsecond line"));

        Assert.DoesNotContain(Secret, diagnostic.Message);
        Assert.Contains("Password=*** second line", diagnostic.Message);
    }
}
