using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis;

/// <summary>The outcome of validating a migrations folder: what was found and every diagnostic, in a stable order.</summary>
public sealed record MigrationValidation(MigrationSet Set, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>What the validation cache did (reuse, or why it was ignored or not written): for the detailed log only.</summary>
    public IReadOnlyList<string> CacheNotes { get; init; } = [];

    public bool HasErrors => Diagnostics.Any(diagnostic => diagnostic.IsError);
}
