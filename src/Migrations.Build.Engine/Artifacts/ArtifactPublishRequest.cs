using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>What to publish and where.</summary>
/// <param name="ProjectName">The source project's name, recorded in the manifest.</param>
/// <param name="ProjectDirectory">The source project's folder: a relative MigrationsLocalBootstrap file is found from it.</param>
/// <param name="Discovery">The source project's forward and rollback folders.</param>
/// <param name="ExposedSchemas">MigrationsExposedSchemas with the SDK's default applied, for validation.</param>
/// <param name="ArtifactDirectory">The artifact folder, <c>$(PublishDir)migrations</c>; rewritten as a whole.</param>
/// <param name="SdkVersion">The SDK package version the artifact's project takes; null when unknown (in-repo SDK).</param>
/// <param name="Settings">The Migrations* properties the project set (not the ones given on the command line).</param>
/// <param name="Environments">The project's MigrationEnvironment items.</param>
public sealed record ArtifactPublishRequest(
    string ProjectName,
    string ProjectDirectory,
    MigrationDiscoveryOptions Discovery,
    string? ExposedSchemas,
    string ArtifactDirectory,
    string? SdkVersion,
    IReadOnlyList<ArtifactSetting> Settings,
    IReadOnlyList<EnvironmentDeclaration> Environments);
