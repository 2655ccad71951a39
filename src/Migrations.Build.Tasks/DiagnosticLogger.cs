using Migrations.Build.Engine.Diagnostics;
using Microsoft.Build.Utilities;

namespace Migrations.Build.Tasks;

/// <summary>
/// Turns engine diagnostics into MSBuild errors and warnings with code, file, line, column and help link, so they
/// print in the canonical <c>path(line,col): error MIGnnnn: message</c> form and obey NoWarn / WarningsAsErrors.
/// End positions are left out on purpose: with them MSBuild prints <c>(line,col,endLine,endCol)</c>, and the contract
/// promises the <c>(line,col)</c> form that CI log parsers and problem matchers expect.
/// </summary>
internal sealed class DiagnosticLogger(TaskLoggingHelper log, string? projectPath = null)
{
    public void Log(Diagnostic diagnostic)
    {
        // A problem with no file of its own (a missing variable, a busy lock) is the project's: pointing at it beats
        // MSBuild's fallback, the line of our targets file that ran the task.
        var location = diagnostic.Location.HasFile || string.IsNullOrEmpty(projectPath) ? diagnostic.Location : new SourceLocation(projectPath!, 0, 0);
        if (diagnostic.IsError)
        {
            log.LogError(
                subcategory: null,
                errorCode: diagnostic.Code,
                helpKeyword: null,
                helpLink: diagnostic.Descriptor.HelpLink,
                file: location.FilePath,
                lineNumber: location.Line,
                columnNumber: location.Column,
                endLineNumber: 0,
                endColumnNumber: 0,
                message: diagnostic.Message);
        }
        else
        {
            log.LogWarning(
                subcategory: null,
                warningCode: diagnostic.Code,
                helpKeyword: null,
                helpLink: diagnostic.Descriptor.HelpLink,
                file: location.FilePath,
                lineNumber: location.Line,
                columnNumber: location.Column,
                endLineNumber: 0,
                endColumnNumber: 0,
                message: diagnostic.Message);
        }
    }

    public void LogAll(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Log(diagnostic);
        }
    }
}
