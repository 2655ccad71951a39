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
    public static Diagnostic? Describe(Exception exception, ConnectionTarget target, HistoryLocation history) => exception switch
    {
        HistoryLayoutException or HistoryWriteException => new Diagnostic(DiagnosticCatalog.HistoryUnusable, SourceLocation.None, exception.Message),
        MigrationSettingRejectedException => new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, exception.Message),
        PostgresException { SqlState: InsufficientPrivilege } server => new Diagnostic(
            DiagnosticCatalog.PermissionDenied,
            SourceLocation.None,
            $"{target.Environment.Name} refused Migrations.Build's own work as user {target.User}: {server.MessageText} (SQLSTATE {server.SqlState}). "
            + $"The role needs to create and write the history table {history} (CREATE on the database for a new schema, or on the schema, and INSERT/UPDATE/SELECT on the table); grant that, or set {PublicSurface.HistorySchemaProperty} to a schema it may use."),
        PostgresException { SqlState: ReservedName or DuplicateTable or NameTooLong } server => new Diagnostic(
            DiagnosticCatalog.HistoryLocationInvalid,
            SourceLocation.None,
            $"The history table {history} cannot be created on {target.Environment.Name}: {server.MessageText} (SQLSTATE {server.SqlState}). Choose another {PublicSurface.HistorySchemaProperty} / {PublicSurface.HistoryTableProperty}."),
        NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException => ConnectionFailure.Describe(target, exception),
        _ => null,
    };

    private const string InsufficientPrivilege = "42501";
    private const string ReservedName = "42939";
    private const string DuplicateTable = "42P07";
    private const string NameTooLong = "42622";
}
