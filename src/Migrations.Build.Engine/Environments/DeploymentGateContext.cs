using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// What a gate may look at before an operation runs. Later gates need more (the migration's checksums, the
/// history of the RequireTestedOn environment, override properties, the clock): they arrive as init properties,
/// so existing gates and callers are unaffected.
/// </summary>
internal sealed record DeploymentGateContext(
    MigrationEnvironment Environment,
    MigrationOperation Operation,
    Func<string, string?> ReadVariable)
{
    /// <summary>The resolved connection, for gates that must reach the database; null before it is known.</summary>
    public ConnectionTarget? Target { get; init; }

    /// <summary>The project file, used to print a command the user can paste; null prints "…".</summary>
    public string? ProjectPath { get; init; }

    /// <summary>The <c>Migration</c> property as given, used the same way.</summary>
    public string? Migration { get; init; }

    /// <summary>
    /// Other properties the user passed that a pasted command needs to do the same thing again (ResolveMigration's
    /// <c>As</c> and <c>Reason</c>); empty values are left out.
    /// </summary>
    public IReadOnlyList<(string Property, string? Value)> Arguments { get; init; } = [];

    /// <summary><c>MigrationsDeploymentWindow</c> as given, unparsed; blank when there is no window.</summary>
    public string? DeploymentWindow { get; init; }

    /// <summary><c>MigrationsIgnoreWindow</c>: go ahead outside the window, loudly and on the record.</summary>
    public bool IgnoreWindow { get; init; }

    /// <summary><c>MigrationsSkipDriftCheck</c>: go ahead on a CheckDrift environment without checking, loudly and on the record.</summary>
    public bool SkipDriftCheck { get; init; }

    /// <summary>
    /// Runs the drift check on <see cref="Target"/> (reporting each difference itself) and returns its report, or null
    /// when it could not run (also reported); null when the caller offers no drift check.
    /// </summary>
    public Func<CancellationToken, Task<Drift.DriftReport?>>? CheckDrift { get; init; }

    /// <summary>The clock the window is judged by; tests pass a fixed one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
