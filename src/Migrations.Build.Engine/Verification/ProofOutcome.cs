using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// How one rollback proof ended: proven (with warnings when only accepted differences remained: MIG1027 / MIG1028);
/// refuted (every file ran, but the schemas differ: MIG1009, MIG1027, MIG1028); or failed at a step (an SQL error, a
/// lost connection).
/// </summary>
internal sealed record ProofOutcome(bool Proven, IReadOnlyList<Diagnostic> Diagnostics, TimeSpan Elapsed, string? FailedStep)
{
    /// <summary>Every file ran without error, but the schema did not end where it should have.</summary>
    public bool Refuted { get; init; }

    /// <summary>The forward itself could not be applied, so nothing after it can build on it.</summary>
    public bool ForwardFailed => !Proven && !Refuted && FailedStep == RollbackProof.ApplyStep;

    /// <summary>The schema a successful proof left behind, for the next proof in the same database to start from.</summary>
    public SchemaSnapshot? End { get; init; }

    public static ProofOutcome Success(TimeSpan elapsed, SchemaSnapshot end, IReadOnlyList<Diagnostic>? warnings = null) => new(true, warnings ?? [], elapsed, null) { End = end };

    public static ProofOutcome Failure(string step, TimeSpan elapsed, params Diagnostic[] diagnostics) => new(false, diagnostics, elapsed, step);

    public static ProofOutcome Refutation(string step, TimeSpan elapsed, params Diagnostic[] diagnostics) => new(false, diagnostics, elapsed, step) { Refuted = true };
}
