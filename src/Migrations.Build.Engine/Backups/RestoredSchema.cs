namespace Migrations.Build.Engine.Backups;

/// <summary>A schema of a restored backup and its tables.</summary>
internal sealed record RestoredSchema(string Name, IReadOnlyList<RestoredTable> Tables);
