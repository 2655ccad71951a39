using System.Net.Sockets;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Tells a lost connection from a failed statement. PostgreSQL reports its own shutdown or a terminated backend as
/// an error (class 57P: admin_shutdown, crash_shutdown, cannot_connect_now) and Npgsql reports a dead socket as a
/// non-server exception; either way the session, its transaction and its locks are gone.
/// </summary>
internal static class ConnectionLossDetector
{
    public static bool IsLost(Exception exception, NpgsqlConnection connection) => exception switch
    {
        PostgresException server => server.SqlState.StartsWith("57P", StringComparison.Ordinal) || server.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException or IOException or SocketException or TimeoutException => true,
        // Npgsql refuses further use of a broken connection (or its transaction) with an InvalidOperationException.
        InvalidOperationException or ObjectDisposedException => connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.FullState == System.Data.ConnectionState.Closed,
        _ => false,
    };

    /// <summary>The reason in one line: the server's message when it sent one, else the driver's.</summary>
    public static string Describe(Exception exception)
    {
        if (exception is PostgresException server)
        {
            return $"{server.MessageText}, SQLSTATE {server.SqlState}";
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var message = ReferenceEquals(innermost, exception) ? exception.Message : $"{exception.Message.TrimEnd('.')}: {innermost.Message}";
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
    }
}
