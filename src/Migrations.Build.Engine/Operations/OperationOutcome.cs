namespace Migrations.Build.Engine.Operations;

/// <summary>How a database operation ended: whether it succeeded, and what it did to which migrations.</summary>
internal sealed record OperationOutcome(bool Succeeded, IReadOnlyList<string> Done, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failed)
{
    /// <summary>The rollback runbook a deploy wrote, with the settings it was written for; null when it wrote none.</summary>
    public Runbooks.RunbookSettings? Runbook { get; init; }

    /// <summary>How long each migration it ran took, in the order they ran (the failed one last, marked so); empty when none ran.</summary>
    public IReadOnlyList<MigrationTiming> Timings { get; init; } = [];

    /// <summary>Migrations the operation meant to run but did not reach because an earlier one failed.</summary>
    public IReadOnlyList<string> NotAttempted { get; init; } = [];

    /// <summary>The backup taken before the operation changed anything; null when none was taken.</summary>
    public string? BackupPath { get; init; }

    /// <summary>How long <paramref name="id"/> ran in this operation; null when it did not run.</summary>
    public TimeSpan? TimeOf(string id) => Timings.FirstOrDefault(timing => timing.Migration == id)?.Elapsed;
}
