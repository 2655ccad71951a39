using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// MIG1025. With MSBUILDLOGALLENVIRONMENTVARIABLES set, MSBuild copies every environment variable into the binary
/// log and diagnostic-verbosity logs — the files CI jobs keep as artifacts — and the database URL goes with them,
/// password included. The engine cannot keep the password out of a log MSBuild writes itself, so it says so, once
/// per run, naming the variable and what to do.
/// </summary>
internal sealed class LogExposureCheck
{
    /// <summary>MSBuild turns the dump on for any non-empty value, even "0" or "false" (Traits.LogAllEnvironmentVariables).</summary>
    public const string LogAllVariables = "MSBUILDLOGALLENVIRONMENTVARIABLES";

    private readonly Func<string, string?> readVariable;
    private readonly IOperationLog log;
    private bool warned;

    public LogExposureCheck(Func<string, string?> readVariable, IOperationLog log)
    {
        this.readVariable = readVariable;
        this.log = log;
    }

    /// <summary>Warns when the URL just parsed holds a password and MSBuild will log it; at most once per run.</summary>
    public void Check(ConnectionTarget target) => Check(target.Environment.UrlVariable, target.HasPassword);

    /// <summary>The same for a URL read elsewhere (the throwaway Local server's).</summary>
    public void Check(string variable, bool hasPassword)
    {
        if (warned || !hasPassword || string.IsNullOrEmpty(readVariable(LogAllVariables)))
        {
            return;
        }

        warned = true;
        log.Report(new Diagnostic(
            DiagnosticCatalog.LogContainsPassword,
            SourceLocation.None,
            $"{LogAllVariables} is set, so MSBuild writes every environment variable into the binary log (-bl) and diagnostic logs: "
            + $"they will contain {variable}, database password included. Unset {LogAllVariables} (any non-empty value turns it on, even 0), "
            + "or keep those logs as private as the password."));
    }
}
