using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// The pair NewMigration created: full paths, and <see cref="After"/> — the newest existing version — when the new
/// version had to be dated after it rather than at the current time.
/// </summary>
public sealed record NewMigrationPair(MigrationFileName FileName, string ForwardPath, string RollbackPath, string? After);
