using System.Reflection;

namespace Migrations.Build.Engine.Artifacts;

/// <summary>The version of Migrations.Build that is running, as recorded in a manifest (build metadata such as a commit hash left out).</summary>
internal static class ToolVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var assembly = typeof(ToolVersion).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}
