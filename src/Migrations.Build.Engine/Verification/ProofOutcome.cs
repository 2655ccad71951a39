using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// How one rollback proof ended: proven (with warnings, when only accepted differences remained: MIG1027 / MIG1028),
/// or the first step that failed and why (MIG1007 / MIG1009 / MIG1027 / MIG1028).
/// </summary>
internal sealed record ProofOutcome(bool Proven, IReadOnlyList<Diagnostic> Diagnostics, TimeSpan Elapsed, string? FailedStep)
{
    public static ProofOutcome Success(TimeSpan elapsed, IReadOnlyList<Diagnostic>? warnings = null) => new(true, warnings ?? [], elapsed, null);

    public static ProofOutcome Failure(string step, TimeSpan elapsed, params Diagnostic[] diagnostics) => new(false, diagnostics, elapsed, step);
}
