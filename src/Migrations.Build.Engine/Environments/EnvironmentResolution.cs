using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// The environments an operation will touch, the messages explaining a choice the user did not make explicitly
/// (e.g. "testing on Local because SUPABASE_STAGING_URL is not set"), and any error that stops the operation.
/// </summary>
internal sealed record EnvironmentResolution(
    IReadOnlyList<MigrationEnvironment> Environments,
    IReadOnlyList<string> Messages,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(diagnostic => diagnostic.IsError);
}
