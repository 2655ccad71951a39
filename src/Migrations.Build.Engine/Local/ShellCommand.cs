namespace Migrations.Build.Engine.Local;

/// <summary>
/// MigrationsBackupCommand as a child process: the command line runs through the platform shell (<c>/bin/sh -c</c>,
/// or <c>cmd /d /s /c</c> on Windows), so pipes, redirections and scripts work as they do in a terminal. Placeholder
/// values are inserted quoted for that shell, whether or not the user already put quotes around the placeholder.
/// </summary>
internal static class ShellCommand
{
    public const string FilePlaceholder = "{file}";
    public const string EnvironmentPlaceholder = "{environment}";
    public const string VersionPlaceholder = "{version}";

    /// <summary>
    /// The program to start with its arguments; on Windows as raw text instead, because cmd does not undo the
    /// backslash escaping .NET applies to an argument list (/s strips exactly the outer quotes added here).
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments, string? RawArguments) For(string commandLine) => OperatingSystem.IsWindows()
        ? (Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe", [], $"/d /s /c \"{commandLine}\"")
        : ("/bin/sh", ["-c", commandLine], null);

    /// <summary>Replaces each placeholder by its value, quoted for the shell.</summary>
    public static string Expand(string command, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (placeholder, value) in values)
        {
            var quoted = OperatingSystem.IsWindows() ? QuoteForCmd(value) : QuoteForPosix(value);

            // "{file}" and '{file}' as well as {file}: quoting the already quoted value again would break it.
            command = command
                .Replace($"\"{placeholder}\"", quoted, StringComparison.Ordinal)
                .Replace($"'{placeholder}'", quoted, StringComparison.Ordinal)
                .Replace(placeholder, quoted, StringComparison.Ordinal);
        }

        return command;
    }

    /// <summary>Single quotes keep every character literal in a POSIX shell; a single quote itself is closed, escaped and reopened.</summary>
    public static string QuoteForPosix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>cmd has no escape for '"' inside quotes; no path, environment name or version contains one, so it is dropped.</summary>
    private static string QuoteForCmd(string value) => "\"" + value.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";
}
