using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// Passes everything on to the build log and keeps each reported problem for the step summary, so every error —
/// from validation, a gate or the database — reaches the summary without each step having to hand it over.
/// </summary>
internal sealed class SummaryRecordingLog(IOperationLog inner, StepSummary summary) : IOperationLog
{
    public void Info(string message) => inner.Info(message);

    public void Important(string message) => inner.Important(message);

    public void Report(Diagnostic diagnostic)
    {
        summary.AddProblem(diagnostic);
        inner.Report(diagnostic);
    }

    public void Detail(string message) => inner.Detail(message);
}
