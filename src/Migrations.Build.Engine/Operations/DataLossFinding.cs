using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Operations;

/// <summary>What one migration file would destroy: every object its destructive statements reach, with its count.</summary>
/// <param name="Location">The file and its first statement that destroys data (or, when none does, its first destructive one).</param>
internal sealed record DataLossFinding(string MigrationId, SourceLocation Location, IReadOnlyList<LostData> Objects)
{
    /// <summary>The objects that hold data now (or could not be counted): what running the file would lose.</summary>
    public IReadOnlyList<LostData> Losses => Objects.Where(item => item.Count.MayHoldData).ToList();

    public bool DestroysData => Objects.Any(item => item.Count.MayHoldData);

    /// <summary><c>table public.invoices (3 rows, line 2); column …</c>: the losses, for messages and history.</summary>
    public string DescribeLosses() => string.Join("; ", Losses.Select(item => item.Describe()));
}
