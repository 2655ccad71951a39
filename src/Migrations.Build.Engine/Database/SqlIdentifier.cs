namespace Migrations.Build.Engine.Database;

/// <summary>Quotes identifiers for SQL we build ourselves, so user-chosen names can never change its meaning.</summary>
internal static class SqlIdentifier
{
    public static string Quote(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        if (identifier.Contains('\0'))
        {
            throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(identifier));
        }

        return "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }
}
