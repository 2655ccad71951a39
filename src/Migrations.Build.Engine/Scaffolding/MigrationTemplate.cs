using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// What NewMigration writes into a new pair: comments only, so nothing runs until someone writes the change. Build
/// validation recognises a file that is still exactly this text (by checksum, so a CRLF checkout or a BOM does not
/// matter) and warns (MIG0019) instead of failing as empty (MIG0005); the targets that change a database still
/// refuse it as empty.
/// </summary>
public static class MigrationTemplate
{
    // No line starts with "-- migrations:", so the hints are never read as directives (or misspelt ones, MIG0108).
    public const string Forward =
        "-- Write the change here: SQL statements, each ending in ';'. They run in one transaction.\n" +
        "-- CREATE INDEX CONCURRENTLY and other statements that cannot run in a transaction need\n" +
        "-- \"-- migrations:no-transaction\" as the first line of this file.\n";

    public const string Rollback =
        "-- Undo the forward migration here, in reverse order: drop what it created, restore what it changed.\n" +
        "-- If it cannot be undone, make \"-- migrations:irreversible\" the first line of this file instead.\n";

    private static readonly string ForwardChecksum = MigrationText.ComputeChecksum(Forward);
    private static readonly string RollbackChecksum = MigrationText.ComputeChecksum(Rollback);

    public static string For(MigrationRole role) => role == MigrationRole.Rollback ? Rollback : Forward;

    /// <summary>Whether the file still holds exactly the template NewMigration wrote for its role.</summary>
    public static bool IsUntouched(MigrationFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Checksum is not null && string.Equals(file.Checksum, file.Role == MigrationRole.Rollback ? RollbackChecksum : ForwardChecksum, StringComparison.Ordinal);
    }
}
