using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Migrations.Build.Tasks;

/// <summary>Forwards what database operations report to the build log: progress as messages, problems as coded diagnostics.</summary>
internal sealed class MSBuildOperationLog(TaskLoggingHelper log, string? projectPath) : IOperationLog
{
    private readonly DiagnosticLogger _diagnostics = new(log, projectPath);

    public void Info(string message) => log.LogMessage(MessageImportance.Normal, message);

    public void Important(string message) => log.LogMessage(MessageImportance.High, message);

    public void Report(Diagnostic diagnostic) => _diagnostics.Log(diagnostic);

    public void Detail(string message) => log.LogMessage(MessageImportance.Low, message);
}
