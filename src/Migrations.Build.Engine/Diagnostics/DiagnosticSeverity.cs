namespace Migrations.Build.Engine.Diagnostics;

/// <summary>How a diagnostic affects the build. Users can still change it with NoWarn / WarningsAsErrors.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}
