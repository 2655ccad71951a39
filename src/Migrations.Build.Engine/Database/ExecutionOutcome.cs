using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Database;

/// <summary>How a run of one migration script ended: succeeded, stopped by a server error, or cut off with the connection.</summary>
internal sealed record ExecutionOutcome(bool Succeeded, int StatementsDone, int StatementsTotal, TimeSpan Elapsed, ServerError? Error, ConnectionLoss? Lost = null)
{
    /// <summary>The coded error of a failed run: MIG1007 at the failing statement, or MIG1021 when the connection was lost.</summary>
    public Diagnostic FailureDiagnostic() =>
        Lost?.ToDiagnostic() ?? Error?.ToDiagnostic() ?? throw new InvalidOperationException("A successful run has no failure.");

    /// <summary>What the history row records about the failure.</summary>
    public string FailureText() => Lost?.HistoryText ?? FailureDiagnostic().ToString();
}
