using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.CiSummaries;

/// <summary>
/// What one database target did, gathered while it runs so that the CI step summary can say it even when the
/// target stops early (a gate refusal, a failed migration): where it ran, what happened to each migration, the
/// problems reported, the files it left behind and the overrides it ran with.
/// </summary>
internal sealed class StepSummary(MigrationOperation operation, DateTimeOffset startedAt)
{
    private readonly List<SummaryMigration> migrations = [];
    private readonly List<Diagnostic> problems = [];
    private readonly List<string> overrides = [];

    public MigrationOperation Operation { get; } = operation;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The environment's name, once resolved.</summary>
    public string? Environment { get; set; }

    /// <summary>Where it connected (host and database, never the user's password); null before connecting or for a throwaway database.</summary>
    public string? Location { get; set; }

    public IReadOnlyList<SummaryMigration> Migrations => migrations;

    /// <summary>Errors and warnings reported during the run, in order.</summary>
    public IReadOnlyList<Diagnostic> Problems => problems;

    /// <summary>Overrides in effect (MigrationsSkipStagingCheck=true, …): they belong at the top of the summary, loudly.</summary>
    public IReadOnlyList<string> Overrides => overrides;

    public string? BackupPath { get; set; }

    public string? RunbookPath { get; set; }

    /// <summary>MigrationStatus's own Markdown table.</summary>
    public string? StatusMarkdown { get; set; }

    public bool Cancelled { get; set; }

    public void AddProblem(Diagnostic diagnostic) => problems.Add(diagnostic);

    public void AddOverride(string setting) => overrides.Add(setting);

    public void AddMigration(string id, string state, TimeSpan? time) => migrations.Add(new SummaryMigration(id, state, time));

    /// <summary>Every migration an operation touched, with the words for its state in that operation.</summary>
    public void AddOutcome(OperationOutcome outcome, string doneState)
    {
        foreach (var id in outcome.Done)
        {
            AddMigration(id, doneState, outcome.TimeOf(id));
        }

        foreach (var id in outcome.Skipped)
        {
            AddMigration(id, "already applied", null);
        }

        foreach (var id in outcome.Failed)
        {
            AddMigration(id, "failed", outcome.TimeOf(id));
        }

        foreach (var id in outcome.NotAttempted)
        {
            AddMigration(id, "not attempted", null);
        }

        BackupPath ??= outcome.BackupPath;
        RunbookPath ??= outcome.Runbook?.Path;
    }
}
