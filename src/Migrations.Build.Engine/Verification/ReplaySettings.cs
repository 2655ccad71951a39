using Migrations.Build.Engine.Database;

namespace Migrations.Build.Engine.Verification;

/// <summary>How the Local replay runs: which migration (none = all), statement limits, and whether a failure ends it.</summary>
internal sealed record ReplaySettings
{
    /// <summary><c>-p:Migration</c>: prove only this one, after applying its predecessors; null proves the whole chain.</summary>
    public string? Selector { get; init; }

    public ExecutionSettings Execution { get; init; } = new();

    /// <summary>
    /// <c>MigrationsStopOnFirstFailure</c>: end at the first refuted or failed migration instead of judging every one;
    /// the rest are reported as not reached.
    /// </summary>
    public bool StopOnFirstFailure { get; init; }

    /// <summary>What each proof accepts short of an exact match (MIG1027 / MIG1028) and where it writes the full list of differences.</summary>
    public RefutationOptions Refutation { get; init; } = RefutationOptions.Strict;
}
