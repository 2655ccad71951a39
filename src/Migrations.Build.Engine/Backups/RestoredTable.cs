namespace Migrations.Build.Engine.Backups;

/// <summary>A table of a restored backup and how many rows it holds.</summary>
internal sealed record RestoredTable(string Name, long Rows);
