using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Operations;

/// <summary>What a deploy will do, decided before anything runs: the migrations to apply, in order, or why not.</summary>
internal sealed record DeployPlan(IReadOnlyList<LedgerEntry> ToApply, IReadOnlyList<LedgerEntry> AlreadyApplied, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsRefused => Diagnostics.Any(diagnostic => diagnostic.IsError);
}
