namespace Migrations.Build.Engine.Diagnostics;

/// <summary>The fixed facts about one diagnostic code: its default severity, a short title and its help page.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity DefaultSeverity, string Title)
{
    /// <summary>Where the diagnostics reference lives; each code has an anchor named after it in lower case.</summary>
    public const string HelpBase = "https://github.com/migrations-build/migrations-build/blob/main/docs/diagnostics.md";

    public string HelpLink => $"{HelpBase}#{Code.ToLowerInvariant()}";
}
