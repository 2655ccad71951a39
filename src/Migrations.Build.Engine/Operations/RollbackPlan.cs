using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Operations;

/// <summary>What a rollback will run: which migration, which text (recorded or from disk), or why it is refused.</summary>
internal sealed record RollbackPlan(LedgerEntry? Target, string? RollbackSql, string? RollbackFilePath, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsRefused => Target is null || Diagnostics.Any(diagnostic => diagnostic.IsError);
}
