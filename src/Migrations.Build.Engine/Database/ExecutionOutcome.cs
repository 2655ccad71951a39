using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Database;

/// <summary>How a run of one migration script ended: succeeded, stopped by a server error, or cut off with the connection.</summary>
internal sealed record ExecutionOutcome(bool Succeeded, int StatementsDone, int StatementsTotal, TimeSpan Elapsed, ServerError? Error, ConnectionLoss? Lost = null)
{
    /// <summary>
    /// Why a run that met no server error and kept its connection still failed: a record that must commit with the
    /// migration was refused (e.g. its Supabase history row, MIG1063), so the migration was rolled back with it.
    /// </summary>
    public Diagnostic? Refusal { get; init; }

    /// <summary>The coded error of a failed run: MIG1007 at the failing statement, MIG1021 when the connection was lost, or the refusal.</summary>
    public Diagnostic FailureDiagnostic() =>
        Lost?.ToDiagnostic() ?? Error?.ToDiagnostic() ?? Refusal ?? throw new InvalidOperationException("A successful run has no failure.");

    /// <summary>What the history row records about the failure.</summary>
    public string FailureText() => Lost?.HistoryText ?? FailureDiagnostic().ToString();
}
