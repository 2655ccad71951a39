using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Baselines;

/// <summary>Where and how <see cref="BaselineProof"/> replays the migrations.</summary>
/// <param name="Server">Where the throwaway server comes from; its target is filled in from the live server.</param>
/// <param name="Bootstrap">MigrationsLocalBootstrap: what the platform provides before any migration.</param>
/// <param name="Execution">Lock and statement timeouts for the replayed migrations.</param>
/// <param name="ReplayLabel">Names the replay in difference lines: "exists on Staging but not <b>in the migrations up to …</b>".</param>
internal sealed record BaselineProofSettings(ThrowawayServerOptions Server, LocalBootstrap Bootstrap, ExecutionSettings Execution, string ReplayLabel);
