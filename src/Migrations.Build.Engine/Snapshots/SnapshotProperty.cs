namespace Migrations.Build.Engine.Snapshots;

/// <summary>One named fact about a schema object (<c>type</c>, <c>nullable</c>, <c>definition</c>, …), rendered as text.</summary>
internal sealed record SnapshotProperty(string Name, string Value);
