using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using Migrations.Build.Engine.Diagnostics;
using Npgsql;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// Turns a failed connection attempt into MIG1001: the cause in plain words, where it tried to connect, and what
/// to check. Only exception messages are used, never stack traces, and the password is scrubbed from them in
/// case a driver or server ever echoes it.
/// </summary>
internal static class ConnectionFailure
{
    // SQLSTATEs PostgreSQL reports while accepting a connection.
    private const string InvalidPassword = "28P01";
    private const string InvalidAuthorizationSpecification = "28000";
    private const string InvalidCatalogName = "3D000";

    public static Diagnostic Describe(ConnectionTarget target, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(exception);
        var connection = target.Connection;
        var variable = target.Environment.UrlVariable;
        var where = $"Cannot connect to {target.Environment.Name} ({variable}) at {target.HostAndPort}, database {target.Database}, user {target.User}";
        var reason = Reason(Classify(exception), exception, target, connection);
        return new Diagnostic(DiagnosticCatalog.DatabaseUnreachable, SourceLocation.None, $"{where}: {reason}");
    }

    /// <summary>
    /// The cause behind an exception from opening a connection. The server's own verdict (a SQLSTATE) wins over
    /// network symptoms, because reaching the server rules the network out; with several hosts every attempt is
    /// looked at.
    /// </summary>
    public static ConnectionFailureCause Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var chain = Flatten(exception).ToList();

        var server = chain.OfType<PostgresException>().FirstOrDefault();
        if (server is not null)
        {
            return server.SqlState switch
            {
                InvalidPassword or InvalidAuthorizationSpecification => ConnectionFailureCause.AuthenticationFailed,
                InvalidCatalogName => ConnectionFailureCause.DatabaseDoesNotExist,
                _ => ConnectionFailureCause.Other,
            };
        }

        if (chain.Any(IsTlsFailure))
        {
            return ConnectionFailureCause.TlsFailure;
        }

        var socketErrors = chain.OfType<SocketException>().Select(socket => socket.SocketErrorCode).ToList();
        if (socketErrors.Any(code => code is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData))
        {
            return ConnectionFailureCause.HostNotFound;
        }

        if (socketErrors.Contains(SocketError.ConnectionRefused))
        {
            return ConnectionFailureCause.ConnectionRefused;
        }

        if (socketErrors.Contains(SocketError.TimedOut) || chain.Any(e => e is TimeoutException))
        {
            return ConnectionFailureCause.Timeout;
        }

        return ConnectionFailureCause.Other;
    }

    private static string Reason(ConnectionFailureCause cause, Exception exception, ConnectionTarget target, NpgsqlConnectionStringBuilder connection)
    {
        var variable = target.Environment.UrlVariable;
        return cause switch
        {
            ConnectionFailureCause.HostNotFound =>
                $"the host name {connection.Host} was not found (DNS). Check the host in {variable}, and your network, VPN or DNS.",
            ConnectionFailureCause.ConnectionRefused =>
                $"the connection was refused (nothing accepts connections on {target.HostAndPort}). Check the port in {variable}, "
                + "that PostgreSQL is running there, and that it listens on this address.",
            ConnectionFailureCause.Timeout =>
                string.Create(CultureInfo.InvariantCulture, $"no answer within {connection.Timeout} second{(connection.Timeout == 1 ? string.Empty : "s")} (timed out). Check the host and port in {variable}, ")
                + "that the server is up, and that no firewall or IP allow-list drops this machine's connections; connect_timeout raises the limit.",
            ConnectionFailureCause.AuthenticationFailed =>
                $"authentication failed ({ServerMessage(exception, connection.Password)}). Check the user name and password in {variable} "
                + "(percent-encode @ : / ? # % in a URI password) and that the role exists and may log in.",
            ConnectionFailureCause.DatabaseDoesNotExist =>
                $"database {target.Database} does not exist. Check the database name after the host in {variable} "
                + "(postgres://user:password@host:5432/database); on Supabase it is postgres.",
            ConnectionFailureCause.TlsFailure =>
                $"the TLS/SSL connection failed ({Messages(exception, connection.Password)}). Check sslmode in {variable} "
                + "(disable, allow, prefer, require, verify-ca, verify-full), sslrootcert for verify-ca/verify-full, and whether the server offers TLS.",
            _ => Flatten(exception).OfType<PostgresException>().FirstOrDefault() is { } server
                ? $"the server refused the connection: {ServerMessage(exception, connection.Password)}. Check the URL in {variable}."
                : $"{Messages(exception, connection.Password)}. Check the URL in {variable} and that the server is reachable from this machine.",
        };
    }

    private static bool IsTlsFailure(Exception exception) =>
        exception is AuthenticationException
        // Npgsql reports a refused or broken handshake only in its message ("SSL connection requested. No SSL
        // enabled connection…", "Exception while performing SSL handshake"); there is no type or code to test.
        || (exception is NpgsqlException and not PostgresException && exception.Message.Contains("SSL", StringComparison.Ordinal));

    private static string ServerMessage(Exception exception, string? password)
    {
        var server = Flatten(exception).OfType<PostgresException>().First();
        return Scrub($"{server.MessageText}, SQLSTATE {server.SqlState}", password);
    }

    /// <summary>The distinct messages along the chain, outermost first: "Failed to connect to h:1: Network is unreachable".</summary>
    private static string Messages(Exception exception, string? password)
    {
        var messages = Flatten(exception)
            .Where(e => e is not AggregateException)
            .Select(e => e.Message.Trim().TrimEnd('.'))
            .Where(m => m.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(3);
        return Scrub(string.Join(": ", messages), password);
    }

    /// <summary>Every exception in the chain, including each attempt inside an AggregateException (several hosts).</summary>
    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }
    }

    /// <summary>
    /// One line, and no password even if a server or driver message were to echo it. Applied to quoted exception
    /// text only, so a short password cannot mangle the product's own wording.
    /// </summary>
    private static string Scrub(string message, string? password)
    {
        var oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return string.IsNullOrEmpty(password) ? oneLine : oneLine.Replace(password, "***", StringComparison.Ordinal);
    }
}
