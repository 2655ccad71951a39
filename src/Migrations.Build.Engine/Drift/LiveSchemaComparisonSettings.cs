using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Drift;

/// <summary>How <see cref="LiveSchemaComparison"/> builds the replay and what both snapshots leave out.</summary>
internal sealed record LiveSchemaComparisonSettings
{
    /// <summary>
    /// Where the throwaway server comes from (MIGRATIONS_LOCAL_URL, Docker, local binaries, MigrationsLocalBinDirectory).
    /// Its <see cref="ThrowawayServerOptions.Target"/> is filled in from the live server, so binaries of the live major
    /// version are preferred and another version is the warning MIG1036.
    /// </summary>
    public required ThrowawayServerOptions Server { get; init; }

    /// <summary>Run first on the throwaway database (MigrationsLocalBootstrap): what the platform provides before any migration.</summary>
    public LocalBootstrap Bootstrap { get; init; } = LocalBootstrap.None;

    /// <summary>What both snapshots leave out: system schemas, the history schema, platform schemas.</summary>
    public SnapshotOptions Snapshot { get; init; } = SnapshotOptions.Default;

    /// <summary>Lock and statement timeouts for the replayed migrations.</summary>
    public ExecutionSettings Execution { get; init; } = new();

    /// <summary>Names the replayed schema in difference lines: "exists on Production but not <b>in its history</b>".</summary>
    public string ReplayLabel { get; init; } = "in its history";

    /// <summary>The throwaway database's name prefix, so leftovers on a shared server are attributable.</summary>
    public string DatabasePrefix { get; init; } = "migrations_drift";

    /// <summary>
    /// How a forward failing on the throwaway database is reported, when the caller words it its own way (a baseline:
    /// the file on disk is at fault, not recorded history); null, or a null result, is the drift check's MIG1041.
    /// </summary>
    public Func<FailedReplay, Diagnostic?>? DescribeFailedForward { get; init; }
}
