namespace Migrations.Build.Engine.Database;

/// <summary>The history table is in a shape this release cannot safely read or write.</summary>
internal sealed class HistoryLayoutException(string message) : Exception(message);
