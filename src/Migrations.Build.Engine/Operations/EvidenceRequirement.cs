namespace Migrations.Build.Engine.Operations;

/// <summary>
/// What a deploy must prove before it applies anything (RequireTestedOn): the evidence read from that environment,
/// and whether the user chose to skip the check (MigrationsSkipStagingCheck), which is allowed loudly and recorded.
/// <paramref name="RequireApplicationTests"/>: MigrationsStagingTestCommand is configured, so the test must also
/// carry a passing application-test run.
/// </summary>
internal sealed record EvidenceRequirement(TestEvidence Evidence, bool Skip, string? TestCommand = null, bool RequireApplicationTests = false);
