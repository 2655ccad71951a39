using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Testing;

/// <summary>
/// Records everything like <see cref="RecordingLog"/> and completes <see cref="Said"/> with the first message that
/// starts with a given text, so a test waits for a line an operation says while it runs, never for a clock.
/// </summary>
public sealed class LineAwaitingLog(string prefix) : IOperationLog
{
    private readonly TaskCompletionSource<string> _said = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingLog Inner { get; } = new();

    /// <summary>The first message starting with the prefix, once it is said.</summary>
    public Task<string> Said => _said.Task;

    public void Info(string message)
    {
        Inner.Info(message);
        Notice(message);
    }

    public void Important(string message)
    {
        Inner.Important(message);
        Notice(message);
    }

    public void Report(Diagnostic diagnostic) => Inner.Report(diagnostic);

    public void Detail(string message) => Inner.Detail(message);

    public override string ToString() => Inner.ToString();

    private void Notice(string message)
    {
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            _said.TrySetResult(message);
        }
    }
}
