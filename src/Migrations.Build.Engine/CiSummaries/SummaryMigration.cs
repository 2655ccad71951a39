namespace Migrations.Build.Engine.CiSummaries;

/// <summary>One row of a step summary's migration table: what happened to a migration and how long it took.</summary>
internal sealed record SummaryMigration(string Id, string State, TimeSpan? Time);
