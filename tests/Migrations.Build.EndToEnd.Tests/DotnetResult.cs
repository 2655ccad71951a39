namespace Migrations.Build.EndToEnd.Tests;

/// <summary>What a `dotnet` command did: its exit code and everything it printed.</summary>
internal sealed record DotnetResult(string Arguments, int ExitCode, string Output)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"dotnet {Arguments} exited with {ExitCode}:{Environment.NewLine}{Output}";
}
