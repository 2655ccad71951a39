namespace Migrations.Build.Engine.Operations;

/// <summary>
/// Whether running some migration files now would destroy data the database holds, file by file. A value of its
/// own, so anything that must judge a rollback or a deploy (the guard, a runbook) reads the same verdict.
/// </summary>
internal sealed record DataLossVerdict(IReadOnlyList<DataLossFinding> Findings)
{
    public static DataLossVerdict None { get; } = new([]);

    public bool DestroysData => Findings.Any(finding => finding.DestroysData);

    /// <summary>The files that would destroy data, in the order they run.</summary>
    public IEnumerable<DataLossFinding> Losses => Findings.Where(finding => finding.DestroysData);
}
