namespace Migrations.Build.Engine.Drift;

/// <summary>
/// A forward that failed on the throwaway database during a replay: which migration, and the line, column and error the
/// server gave. Carried by <see cref="HistoryReplayException"/> so a caller can word the failure for its own purpose
/// (<see cref="LiveSchemaComparisonSettings.DescribeFailedForward"/>) without reading it back out of a message.
/// </summary>
internal sealed record FailedReplay(string MigrationId, int Line, int Column, string Error);
