using System.IO.Enumeration;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// Lists the <c>.sql</c> files below a subfolder of the migrations folder without following symbolic links to
/// folders. .NET's recursive enumeration follows them, so a link to a parent folder (<c>seeds/up -> ..</c>) made the
/// search for misplaced migrations walk the whole disk, or go round a loop until the path grew too long.
/// </summary>
internal static class SubfolderSearch
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        MatchCasing = MatchCasing.CaseSensitive,
    };

    /// <summary>A folder that is itself a symbolic link belongs to another tree; it is not searched.</summary>
    public static bool IsLink(string folder) => new DirectoryInfo(folder).LinkTarget is not null;

    public static IEnumerable<string> SqlFilesBelow(string folder) =>
        new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), Options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                !entry.IsDirectory && entry.FileName.EndsWith(MigrationFileName.Extension, StringComparison.Ordinal),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
}
