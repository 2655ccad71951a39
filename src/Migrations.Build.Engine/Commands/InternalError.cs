using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// What an exception nobody expected becomes: one coded line with its type and message and a request to report it,
/// instead of MSBuild's MSB4018 and a stack trace (which goes to detailed verbosity). Every value of a variable the
/// run could have read is scrubbed from the message, in case a driver quoted a connection string.
/// </summary>
public static class InternalError
{
    public const string ReportAddress = "https://github.com/migrations-build/migrations-build/issues";

    public static Diagnostic Describe(string target, Exception exception)
    {
        var message = string.Join(' ', exception.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new Diagnostic(
            DiagnosticCatalog.InternalError,
            SourceLocation.None,
            $"{target} failed unexpectedly: {exception.GetType().FullName}: {PasswordRedaction.Redact(message)}. This is a bug in Migrations.Build: please report it at {ReportAddress} with this line and what you ran (build with -v:detailed to include the stack trace). Check MigrationStatus before running it again.");
    }
}
