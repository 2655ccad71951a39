namespace Migrations.Build.Engine.Discovery;

/// <summary>One forward or rollback file on disk. <see cref="Content"/> is null when the bytes were unusable (MIG0006).</summary>
public sealed record MigrationFile(string Path, MigrationFileName FileName, MigrationRole Role, MigrationText? Content)
{
    public string? Checksum => Content?.Checksum;
}
