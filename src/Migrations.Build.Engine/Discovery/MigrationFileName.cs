using System.Globalization;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// The parts of a well-formed migration file name, <c>YYYYMMDDHHMMSS_name.sql</c> or
/// <c>YYYYMMDDHHMMSS_name_rollback.sql</c>. Whether a <c>_rollback</c> suffix makes a file a rollback is decided
/// by discovery, which sees the neighbouring files; this type only knows what the name itself says.
/// </summary>
public sealed record MigrationFileName(string Version, string Name, DateTime Timestamp)
{
    public const string Extension = ".sql";
    public const string RollbackSuffix = "_rollback";
    private const int VersionLength = 14;

    /// <summary><c>version_name</c>, the file name of the forward file without its extension.</summary>
    public string Id => Version + "_" + Name;

    public bool EndsInRollbackSuffix => NameEndsInRollbackSuffix(Name);

    /// <summary>The MIG0007 rule: a name that ends in <c>_rollback</c> (and is more than that) reads as a rollback's.</summary>
    public static bool NameEndsInRollbackSuffix(string name) => name.EndsWith(RollbackSuffix, StringComparison.Ordinal) && name.Length > RollbackSuffix.Length;

    /// <summary>The name with one <c>_rollback</c> suffix removed; only meaningful when <see cref="EndsInRollbackSuffix"/>.</summary>
    public string NameWithoutRollbackSuffix => Name[..^RollbackSuffix.Length];

    public string ForwardFileName => Id + Extension;

    public string RollbackFileName => Id + RollbackSuffix + Extension;

    /// <summary>
    /// Parses a file name. Returns null and a message saying what is wrong and what to do when the name is malformed.
    /// </summary>
    public static MigrationFileName? TryParse(string fileName, out string? problem)
    {
        problem = null;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            problem = fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)
                ? $"'{fileName}' has an upper-case extension; rename it to '{fileName[..^Extension.Length]}{Extension}'."
                : $"'{fileName}' is not a .sql file.";
            return null;
        }

        var stem = fileName[..^Extension.Length];
        if (stem.Length <= VersionLength || !IsAsciiDigits(stem.AsSpan(0, VersionLength)) || stem[VersionLength] != '_')
        {
            problem = $"'{fileName}' does not start with a 14-digit UTC timestamp and an underscore; name migrations YYYYMMDDHHMMSS_name.sql, e.g. {DateTime.UtcNow:yyyyMMddHHmmss}_add_invoices.sql.";
            return null;
        }

        var version = stem[..VersionLength];
        var timestampProblem = DescribeImpossibleTimestamp(version);
        if (timestampProblem is not null)
        {
            problem = $"'{fileName}' has an impossible timestamp {version}: {timestampProblem}; use a real UTC date-time YYYYMMDDHHMMSS.";
            return null;
        }

        var name = stem[(VersionLength + 1)..];
        if (!IsValidName(name))
        {
            var suggestion = SuggestName(name);
            problem = suggestion.Length > 0
                ? $"'{fileName}' has the name '{name}', which is not lower snake case ([a-z0-9_]+); rename it to '{version}_{suggestion}{Extension}'."
                : $"'{fileName}' has no usable name after the timestamp; name migrations YYYYMMDDHHMMSS_name.sql with name in [a-z0-9_]+.";
            return null;
        }

        // Every field was range-checked above, so the constructor cannot throw; ParseExact cost more than the rest of
        // the name's checks together, for every file of every build.
        var timestamp = new DateTime(Field(version, 0, 4), Field(version, 4, 2), Field(version, 6, 2), Field(version, 8, 2), Field(version, 10, 2), Field(version, 12, 2), DateTimeKind.Utc);
        return new MigrationFileName(version, name, timestamp);
    }

    private static int Field(string version, int start, int length) => int.Parse(version.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

    private static string? DescribeImpossibleTimestamp(string version)
    {
        int year = Field(version, 0, 4), month = Field(version, 4, 2), day = Field(version, 6, 2), hour = Field(version, 8, 2), minute = Field(version, 10, 2), second = Field(version, 12, 2);
        if (year < 1)
        {
            return "year 0000 does not exist";
        }

        if (month is < 1 or > 12)
        {
            return $"month {month:00} does not exist";
        }

        var daysInMonth = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > daysInMonth)
        {
            return $"day {day:00} does not exist in {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} (it has {daysInMonth} days)";
        }

        if (hour > 23)
        {
            return $"hour {hour:00} is past 23";
        }

        if (minute > 59)
        {
            return $"minute {minute:00} is past 59";
        }

        return second > 59 ? $"second {second:00} is past 59 (leap seconds are not representable)" : null;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The name rule of contract §2 that MIG0003 enforces: non-empty lower snake case (<c>[a-z0-9_]+</c>). NewMigration
    /// checks <c>-p:Name</c> with it too, so a name it accepts never fails validation.
    /// </summary>
    public static bool IsValidName(string name) => name.Length > 0 && IsLowerSnakeCase(name);

    private static bool IsLowerSnakeCase(string name)
    {
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The closest legal name: camelCase split into words, lower case, anything else turned into single underscores; empty when nothing usable remains.</summary>
    public static string SuggestName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1])) && builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }

            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower))
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }
}
