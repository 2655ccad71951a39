using System.Globalization;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Scaffolding;

/// <summary>
/// Dates a new migration. Normally the current UTC time to the second; but a new migration must sort after every
/// existing one — one dated earlier than an already deployed migration would be refused as out of order (MIG1015) —
/// so when the newest existing version is now or later (a second NewMigration in the same second, a clock behind a
/// teammate's, a hand-dated migration in the future) the version is the second after it.
/// </summary>
internal static class NewMigrationVersion
{
    private const string Format = "yyyyMMddHHmmss";

    /// <summary>The version to use and, when it had to move past the clock, the newest existing version it follows.</summary>
    public static (string Version, string? After) Pick(DateTimeOffset now, IEnumerable<string> directories)
    {
        var utcNow = now.UtcDateTime;
        var candidate = new DateTime(utcNow.Year, utcNow.Month, utcNow.Day, utcNow.Hour, utcNow.Minute, utcNow.Second, DateTimeKind.Utc);
        var newest = Newest(directories);
        if (newest is not null && newest.Timestamp >= candidate)
        {
            return (newest.Timestamp.AddSeconds(1).ToString(Format, CultureInfo.InvariantCulture), newest.Version);
        }

        return (candidate.ToString(Format, CultureInfo.InvariantCulture), null);
    }

    /// <summary>The latest well-named migration file directly in any of the folders (forward or rollback); malformed names do not count.</summary>
    private static MigrationFileName? Newest(IEnumerable<string> directories)
    {
        MigrationFileName? newest = null;
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = MigrationFileName.TryParse(Path.GetFileName(path), out _);
                if (name is not null && (newest is null || name.Timestamp > newest.Timestamp))
                {
                    newest = name;
                }
            }
        }

        return newest;
    }
}
