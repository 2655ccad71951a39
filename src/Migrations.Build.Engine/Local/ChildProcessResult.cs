namespace Migrations.Build.Engine.Local;

internal sealed record ChildProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>One block for error messages: what ran, how it ended, and what it said.</summary>
    public string Describe()
    {
        var output = string.Join(
            Environment.NewLine,
            new[] { StandardOutput.Trim(), StandardError.Trim() }.Where(text => text.Length > 0));
        return output.Length == 0
            ? $"`{CommandLine}` exited with code {ExitCode}."
            : $"`{CommandLine}` exited with code {ExitCode}:{Environment.NewLine}{output}";
    }

    /// <summary><see cref="Describe"/> as one line, for a diagnostic: a build log shows each line of a message as an error of its own.</summary>
    public string DescribeOnOneLine() =>
        string.Join(' ', Describe().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
