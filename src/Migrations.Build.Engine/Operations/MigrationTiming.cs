namespace Migrations.Build.Engine.Operations;

/// <summary>
/// How long one migration of an operation took, as the closing summary shows it and as anything reporting on the
/// operation afterwards (a CI step summary) reads it. <paramref name="Succeeded"/> is false for the one that failed.
/// </summary>
internal sealed record MigrationTiming(string Migration, TimeSpan Elapsed, bool Succeeded = true);
