namespace Migrations.Build.Engine.Database;

/// <summary>How a run of one migration script ended.</summary>
internal sealed record ExecutionOutcome(bool Succeeded, int StatementsDone, int StatementsTotal, TimeSpan Elapsed, ServerError? Error);
