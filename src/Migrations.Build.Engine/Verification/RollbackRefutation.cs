using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Snapshots;

namespace Migrations.Build.Engine.Verification;

/// <summary>
/// Turns the differences a rollback proof found into what a person can act on. Real differences are MIG1009, heaviest
/// first (<see cref="DifferenceWeight"/>). When the only differences are column order (MIG1027) or whitespace in
/// routine and view bodies (MIG1028), each kind gets its own code: an error by default, a warning — and the proof
/// stands — when <see cref="RefutationOptions"/> accepts that kind. The message shows the first lines; the full list
/// goes to a file whose path it prints.
/// </summary>
internal sealed class RollbackRefutation(RefutationOptions options)
{
    /// <summary>Lines shown in a message; the rest are in the file.</summary>
    public const int ShownLines = 25;

    private const string Indent = "    ";

    /// <param name="path">The file the diagnostics point at (the rollback, or the forward when re-applying drifted).</param>
    /// <param name="summary">What failed, e.g. "The rollback of X did not restore the schema".</param>
    /// <param name="fix">What to do about real differences.</param>
    /// <param name="fileName">Names the file of the full list (without its <c>-differences.txt</c> ending).</param>
    /// <returns>Nothing when there is no difference; otherwise the diagnostics, which refute the proof when one is an error.</returns>
    public IReadOnlyList<Diagnostic> Judge(string path, string summary, string fix, string fileName, IReadOnlyList<SchemaDifference> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count == 0)
        {
            return [];
        }

        var ordered = DifferenceWeight.Order(differences);
        var file = DifferencesFile.Write(options.DifferencesDirectory, fileName, $"{summary}: {Count(ordered.Count, "difference")}, the ones to act on first.", ordered);
        var location = SourceLocation.StartOf(path);
        if (ordered.Any(difference => difference.Kind is not (SchemaDifferenceKind.Moved or SchemaDifferenceKind.Reformatted)))
        {
            // Real differences: the accepted kinds are left out of the message (they are in the file), the others follow the real ones.
            var listed = ordered.Where(difference => !IsAccepted(difference)).ToList();
            var accepted = ordered.Count - listed.Count;
            var note = accepted == 0 ? null : $"({Count(accepted, "difference")} in column order or whitespace not listed: accepted by {AcceptedBy()})";
            return [new Diagnostic(DiagnosticCatalog.RollbackDidNotRestore, location, $"{summary} ({Count(listed.Count, "difference")}); {fix}:{Lines(listed, file, note)}")];
        }

        var diagnostics = new List<Diagnostic>();
        var moved = ordered.Where(difference => difference.Kind == SchemaDifferenceKind.Moved).ToList();
        if (moved.Count > 0)
        {
            var message = options.IgnoreColumnOrder
                ? $"{summary}: only the order of columns differs ({Count(moved.Count, "column")} moved); {PublicSurface.IgnoreColumnOrderProperty}=true, so the proof stands:"
                : $"{summary}: only the order of columns differs ({Count(moved.Count, "column")} moved); if the order matters (SELECT *, INSERT or COPY without a column list), make it the same — a rollback that re-creates a table lists its columns in their old order — otherwise set {PublicSurface.IgnoreColumnOrderProperty}=true:";
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.ColumnOrderOnly, location, message + Lines(moved, file), options.IgnoreColumnOrder ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error));
        }

        var reformatted = ordered.Where(difference => difference.Kind == SchemaDifferenceKind.Reformatted).ToList();
        if (reformatted.Count > 0)
        {
            var message = options.IgnoreWhitespace
                ? $"{summary}: only whitespace or line layout differs in {Count(reformatted.Count, "routine or view definition")}; {PublicSurface.IgnoreWhitespaceProperty}=true, so the proof stands:"
                : $"{summary}: only whitespace or line layout differs in {Count(reformatted.Count, "routine or view definition")}; re-create each exactly as it was (copy it from the migration that last created it), or set {PublicSurface.IgnoreWhitespaceProperty}=true to accept layout changes:";
            diagnostics.Add(new Diagnostic(DiagnosticCatalog.WhitespaceOnly, location, message + Lines(reformatted, file), options.IgnoreWhitespace ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error));
        }

        return diagnostics;
    }

    private bool IsAccepted(SchemaDifference difference) =>
        (difference.Kind == SchemaDifferenceKind.Moved && options.IgnoreColumnOrder)
        || (difference.Kind == SchemaDifferenceKind.Reformatted && options.IgnoreWhitespace);

    private string AcceptedBy() =>
        options is { IgnoreColumnOrder: true, IgnoreWhitespace: true }
            ? $"{PublicSurface.IgnoreColumnOrderProperty} and {PublicSurface.IgnoreWhitespaceProperty}"
            : options.IgnoreColumnOrder ? PublicSurface.IgnoreColumnOrderProperty : PublicSurface.IgnoreWhitespaceProperty;

    /// <summary>
    /// Each difference on its own indented line; past <see cref="ShownLines"/>, a count and the file — or every line
    /// when there is no file. The file's path comes last, after <paramref name="note"/>.
    /// </summary>
    private static string Lines(List<SchemaDifference> differences, DifferencesFile file, string? note = null)
    {
        var shown = file.Path is null ? differences.Count : Math.Min(ShownLines, differences.Count);
        var text = new StringBuilder();
        foreach (var difference in differences.Take(shown))
        {
            text.Append(Environment.NewLine).Append(Indent).Append(difference.Text);
        }

        if (shown < differences.Count)
        {
            text.Append(Environment.NewLine).Append(Indent).Append("… and ").Append(differences.Count - shown).Append(" more");
        }

        if (note is not null)
        {
            text.Append(Environment.NewLine).Append(Indent).Append(note);
        }

        if (file.Path is not null)
        {
            text.Append(Environment.NewLine).Append(Indent).Append("full list: ").Append(file.Path);
        }
        else if (file.Problem is not null)
        {
            text.Append(Environment.NewLine).Append(Indent).Append('(').Append(file.Problem).Append(')');
        }

        return text.ToString();
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
