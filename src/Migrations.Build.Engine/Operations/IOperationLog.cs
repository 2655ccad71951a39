using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Operations;

/// <summary>Where database operations report progress and problems; the MSBuild tasks forward it to the build log.</summary>
public interface IOperationLog
{
    /// <summary>Progress worth seeing in a normal build log (what ran, how long it took).</summary>
    void Info(string message);

    /// <summary>What must stand out even in a quiet log: the environment being touched, the outcome, overrides used.</summary>
    void Important(string message);

    void Report(Diagnostic diagnostic);

    /// <summary>What only someone digging wants (a stack trace behind an internal error): detailed verbosity in a build.</summary>
    void Detail(string message)
    {
    }
}
