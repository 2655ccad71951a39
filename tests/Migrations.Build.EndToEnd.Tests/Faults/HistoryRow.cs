namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>One row of migrations_build.history, the columns a fault test asserts on.</summary>
internal sealed record HistoryRow(string Operation, string Status, int StatementsDone, string? Error)
{
    public override string ToString() => $"{Operation} {Status} ({StatementsDone} statements done){(Error is null ? "" : ": " + Error)}";
}
