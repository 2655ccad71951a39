using System.Diagnostics;
using System.Text;

namespace Migrations.Build.EndToEnd.Tests;

/// <summary>
/// Runs the `dotnet` CLI as a user would. The test host's own MSBuild and NuGet variables are removed: inherited,
/// they would make the child build use the test runner's MSBuild settings instead of a clean machine's.
/// </summary>
internal static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Variables that point a build at a database or confirm production; never inherited from whoever runs the tests.</summary>
    /// (GITHUB_STEP_SUMMARY too: run on GitHub Actions, every test's build would append to the real job page.)
    private static readonly string[] DatabaseVariables = ["SUPABASE_STAGING_URL", "SUPABASE_PRODUCTION_URL", "CONFIRM_PRODUCTION", "MIGRATIONS_LOCAL_URL", "GITHUB_STEP_SUMMARY"];

    public static DotnetResult Run(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, new Dictionary<string, string>(), arguments);

    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(workingDirectory, environment, arguments);
        return process.WaitForExit(Timeout);
    }

    /// <summary>Starts `dotnet` without waiting, for tests that act on a build while it runs (kill it, cut its connection).</summary>
    public static DotnetProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("NUGET_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var name in DatabaseVariables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        return new DotnetProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."), string.Join(' ', arguments));
    }
}
