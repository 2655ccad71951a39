using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// Appends a step summary to the file GITHUB_STEP_SUMMARY names. Every step of a CI job shares that file, so it is
/// only ever appended to. A summary is a report about the operation, not part of it: when the file cannot be
/// written, that is a warning (MIG1033) and the operation's result stands.
/// </summary>
internal static class StepSummaryFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file to append to, or null when the variable is unset or blank (no summary is wanted).</summary>
    public static string? PathFrom(Func<string, string?> readVariable)
    {
        var path = readVariable(PublicSurface.StepSummaryVariable);
        return string.IsNullOrWhiteSpace(path) ? null : path.Trim();
    }

    public static void Append(string path, string markdown, IOperationLog log)
    {
        try
        {
            // A leading blank line keeps this block apart from whatever an earlier step left without a final newline.
            File.AppendAllText(path, "\n" + markdown, Utf8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            ReportNotWritten(log, path, Reason(path, exception));
        }
    }

    /// <summary>MIG1033: the file (when it is known) and why, and that the operation's result stands.</summary>
    public static void ReportNotWritten(IOperationLog log, string? path, string reason) =>
        log.Report(new Diagnostic(
            DiagnosticCatalog.StepSummaryNotWritten,
            SourceLocation.None,
            $"The CI step summary could not be appended to {path ?? "the file"} ({PublicSurface.StepSummaryVariable}): {reason}. The operation's result is not affected; point {PublicSurface.StepSummaryVariable} at a writable file, or unset it."));

    private static string Reason(string path, Exception exception) => exception switch
    {
        _ when Directory.Exists(path) => "it is a directory, not a file",
        DirectoryNotFoundException => $"its folder {Path.GetDirectoryName(Path.GetFullPath(path))} does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => exception.Message,
    };
}
