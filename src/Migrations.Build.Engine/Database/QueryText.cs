using System.Text.RegularExpressions;
using Migrations.Build.Engine.Local;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// SQL quoted in a log line: on one line, cut to a length, and with passwords in it (ALTER ROLE … PASSWORD, a
/// dblink connection string) masked first, because it may be another user's SQL and it lands in CI logs.
/// </summary>
internal static partial class QueryText
{
    public static string Shorten(string? sql, int length)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return "(none)";
        }

        var masked = PasswordRedaction.Redact(SqlPasswordLiteral().Replace(sql, "${keyword}'***'"));
        var oneLine = string.Join(' ', masked.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= length ? oneLine : oneLine[..length] + "…";
    }

    /// <summary>PASSWORD followed by a string literal, also one the server cut short (pg_stat_activity truncates).</summary>
    [GeneratedRegex(@"(?<keyword>\bpassword\s+)(?:[eE]?'(?:[^']|'')*(?:'|$)|\$(?<tag>[A-Za-z_]*)\$.*?(?:\$\k<tag>\$|$))", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SqlPasswordLiteral();
}
