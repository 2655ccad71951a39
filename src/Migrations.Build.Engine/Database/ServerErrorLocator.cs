using Migrations.Build.Engine.Sql;
using Npgsql;

namespace Migrations.Build.Engine.Database;

/// <summary>
/// Turns a PostgreSQL error into a position in the migration file. The server reports positions as 1-based
/// character (code point) offsets into the statement it received; the file's columns count UTF-16 characters, so
/// the two differ after any character outside the Basic Multilingual Plane.
/// </summary>
internal static class ServerErrorLocator
{
    public static ServerError Locate(MigrationScript script, SqlStatement statement, PostgresException exception)
    {
        var offsetInStatement = exception.Position > 0 ? CodePointsToChars(statement.Text, exception.Position - 1) : 0;
        var (line, column) = script.Sql.Lines.GetPosition(statement.Start + offsetInStatement);
        return new ServerError(script.FilePath, line, column, exception.MessageText, exception.SqlState, exception.Detail, exception.Hint, exception.Where);
    }

    private static int CodePointsToChars(string text, int codePoints)
    {
        var index = 0;
        for (var seen = 0; seen < codePoints && index < text.Length; seen++)
        {
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }

        return index;
    }
}
