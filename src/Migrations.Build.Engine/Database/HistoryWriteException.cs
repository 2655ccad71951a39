namespace Migrations.Build.Engine.Database;

/// <summary>The server refused a history row that must commit with its migration; the migration was rolled back with it.</summary>
internal sealed class HistoryWriteException(string message, Exception inner) : Exception(message, inner);
