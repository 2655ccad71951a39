namespace Migrations.Build.Engine.Backups;

/// <summary>The output of <c>pg_restore --list</c>: one line per archive entry, after comment lines that start with ';'.</summary>
internal static class TableOfContents
{
    public static int CountEntries(string listing) =>
        listing.Split('\n').Select(line => line.Trim()).Count(line => line.Length > 0 && !line.StartsWith(';'));
}
