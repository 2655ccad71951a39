using Migrations.Build.Engine.Backups;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Drift;

/// <summary>
/// How the live schema differs from the replayed one. Expected = the replay, actual = the live database, so
/// <see cref="SchemaDifferenceKind.Unexpected"/> is an object on the live database that the replay does not make.
/// </summary>
/// <param name="ReplayServer">The throwaway server the replay ran on (its description names its PostgreSQL release).</param>
/// <param name="ReplayRelease">The throwaway server's release; null when it was not read.</param>
/// <param name="LiveRelease">The live server's release.</param>
/// <param name="CreatedRoles">Roles created on the throwaway server so the replay could run (NOLOGIN; see <see cref="ReplayRoles"/>).</param>
internal sealed record LiveSchemaComparisonResult(
    IReadOnlyList<SchemaDifference> Differences,
    string ReplayServer,
    PostgresRelease? ReplayRelease,
    PostgresRelease LiveRelease,
    IReadOnlyList<string> CreatedRoles)
{
    public bool HasDifferences => Differences.Count > 0;
}
