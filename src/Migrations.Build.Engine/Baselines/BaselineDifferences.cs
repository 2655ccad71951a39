using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Engine.Baselines;

/// <summary>
/// A refused baseline's differences as MIG1050: one diagnostic per difference, naming the object, the ones to act on
/// first. Past <see cref="RollbackRefutation.ShownLines"/>, one more says how many are left; the full list goes to a
/// file beside the build's other intermediate files.
/// </summary>
internal static class BaselineDifferences
{
    public static (IReadOnlyList<Diagnostic> Diagnostics, DifferencesFile File) Describe(string environment, string baselineId, IReadOnlyList<SchemaDifference> differences, string? differencesDirectory)
    {
        var ordered = DifferenceWeight.Order(differences);
        var prefix = $"{environment} does not match the migrations up to {baselineId}";
        var file = DifferencesFile.Write(differencesDirectory, $"baseline_{environment}_{baselineId}", $"{prefix}: {ordered.Count} difference(s), the ones to act on first.", ordered);
        var shown = file.Path is null ? ordered.Count : Math.Min(RollbackRefutation.ShownLines, ordered.Count);
        var diagnostics = ordered.Take(shown)
            .Select(difference => new Diagnostic(DiagnosticCatalog.BaselineSchemaDiffers, SourceLocation.None, $"{prefix}: {difference.Text}; nothing is recorded as applied."))
            .ToList();
        if (shown < ordered.Count)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.BaselineSchemaDiffers, SourceLocation.None, $"{prefix}: {ordered.Count - shown} more difference(s), listed in {file.Path}; nothing is recorded as applied."));
        }

        return (diagnostics, file);
    }
}
