using System.Globalization;
using System.Text.RegularExpressions;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// A PostgreSQL major release (15, or 9.6 before version 10), the unit pg_dump's compatibility is stated in: it dumps
/// servers of its own major release and older ones, never newer ones.
/// </summary>
internal readonly partial record struct PostgresRelease(int Major, int Minor) : IComparable<PostgresRelease>
{
    /// <summary>From <c>server_version_num</c>: 150004 is 15, 90624 is 9.6.</summary>
    public static PostgresRelease FromServerVersionNumber(int number) =>
        number >= 100000 ? new PostgresRelease(number / 10000, 0) : new PostgresRelease(number / 10000, number / 100 % 100);

    /// <summary>From a tool's <c>--version</c> line such as <c>pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)</c>; null when it is not one.</summary>
    public static PostgresRelease? FromToolVersion(string text)
    {
        var match = ToolVersion().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = major < 10 && match.Groups["minor"].Success ? int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0;
        return new PostgresRelease(major, minor);
    }

    public bool IsOlderThan(PostgresRelease other) => CompareTo(other) < 0;

    public int CompareTo(PostgresRelease other) => (Major, Minor).CompareTo((other.Major, other.Minor));

    public override string ToString() => Major >= 10
        ? Major.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    [GeneratedRegex(@"\(PostgreSQL\)\s+(?<major>\d+)(?:\.(?<minor>\d+))?")]
    private static partial Regex ToolVersion();
}
