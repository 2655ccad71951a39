using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>Keeps what an operation reports, so tests can assert on it instead of reading a build log.</summary>
internal sealed class RecordingOperationLog : IOperationLog
{
    public List<string> Messages { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public void Info(string message) => Messages.Add(message);

    public void Important(string message) => Messages.Add(message);

    public void Report(Diagnostic diagnostic) => Diagnostics.Add(diagnostic);
}
