namespace Migrations.Build.Engine.Runbooks;

/// <summary><c>MigrationsHealthCheckCommand</c>, where it runs, and whether a failure rolls the deploy back.</summary>
internal sealed record HealthCheckSettings(string Command, string WorkingDirectory, bool RollbackOnFailure);
