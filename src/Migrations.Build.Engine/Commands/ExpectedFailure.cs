using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Npgsql;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// The failures a database target expects — the server unreachable or refusing, the history table unusable — and
/// the coded diagnostic each becomes. Anything else is a bug and is left to surface as one.
/// </summary>
internal static class ExpectedFailure
{
    /// <summary>The diagnostic for an expected failure on <paramref name="target"/>, or null when it is not one.</summary>
    public static Diagnostic? Describe(Exception exception, ConnectionTarget target) => exception switch
    {
        HistoryLayoutException layout => new Diagnostic(DiagnosticCatalog.HistoryUnusable, SourceLocation.None, layout.Message),
        InvalidOperationException { InnerException: PostgresException } setting => new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, setting.Message),
        NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException => ConnectionFailure.Describe(target, exception),
        _ => null,
    };
}
