using System.Collections.Concurrent;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Testing;

/// <summary>Collects what an operation reports, for assertions.</summary>
public sealed class RecordingLog : IOperationLog
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ConcurrentQueue<Diagnostic> Diagnostics { get; } = new();

    public IEnumerable<string> Codes => Diagnostics.Select(diagnostic => diagnostic.Code);

    public void Info(string message) => Messages.Enqueue(message);

    public void Important(string message) => Messages.Enqueue(message);

    public void Report(Diagnostic diagnostic) => Diagnostics.Enqueue(diagnostic);

    /// <summary>What a build shows only at detailed verbosity.</summary>
    public ConcurrentQueue<string> Details { get; } = new();

    public void Detail(string message) => Details.Enqueue(message);

    public override string ToString() => string.Join(Environment.NewLine, Messages.Concat(Diagnostics.Select(d => d.ToString())));
}
