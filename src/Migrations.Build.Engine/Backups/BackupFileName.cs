using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Backups;

/// <summary>
/// The name of a backup file: environment, UTC time, operation and migration version, e.g.
/// <c>Production_20250301T020000Z_deploy_20250301000000.dump</c>, so a folder of backups sorts by environment and time
/// and each one says what it was taken before.
/// </summary>
internal static class BackupFileName
{
    public static string For(string environment, MigrationOperation operation, string version, DateTimeOffset takenAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{Safe(environment)}_{takenAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{HistoryText.Format(operation)}_{Safe(version)}.dump");

    /// <summary>Only letters, digits, '-' and '_': the name is pasted into shells and must mean the same on every file system.</summary>
    private static string Safe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            safe.Append(char.IsAsciiLetterOrDigit(character) || character is '-' or '_' ? character : '_');
        }

        return safe.Length == 0 ? "_" : safe.ToString();
    }
}
