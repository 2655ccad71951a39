using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// One forward or rollback file on disk. <see cref="Content"/> and <see cref="Script"/> are null when the bytes were
/// unusable (MIG0006, MIG0010); the script is lexed once here and shared by every later check.
/// </summary>
public sealed record MigrationFile(string Path, MigrationFileName FileName, MigrationRole Role, MigrationText? Content, SqlScript? Script)
{
    public string? Checksum => Content?.Checksum;
}
