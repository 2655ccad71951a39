namespace Migrations.Build.Engine.Diagnostics;

/// <summary>One problem found by the engine: what (descriptor), where (location) and a message that says what to do.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, SourceLocation Location, string Message, DiagnosticSeverity Severity)
{
    public Diagnostic(DiagnosticDescriptor descriptor, SourceLocation location, string message)
        : this(descriptor, location, message, descriptor.DefaultSeverity)
    {
    }

    public string Code => Descriptor.Code;

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The canonical one-line form MSBuild and compilers print: <c>path(line,col): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var kind = IsError ? "error" : "warning";
        var where = Location.HasFile ? Location + ": " : string.Empty;
        return $"{where}{kind} {Code}: {Message}";
    }
}
