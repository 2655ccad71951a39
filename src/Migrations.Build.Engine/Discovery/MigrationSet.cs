using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// What discovery found: the pairs in version order, every well-named file (orphaned rollbacks included, so later
/// checks see them too) and every problem with the files.
/// </summary>
public sealed record MigrationSet(IReadOnlyList<MigrationPair> Pairs, IReadOnlyList<MigrationFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(diagnostic => diagnostic.IsError);
}
