using Migrations.Build.Engine.Analysis.Caching;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;
using Migrations.Build.Engine.Sql;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Everything ValidateMigrations checks without a database: the file and pairing rules of discovery, then the SQL
/// of every readable file: its syntax and directives, then its transaction and locking safety, then whether each
/// rollback undoes its forward. <c>-- migrations:disable</c> directives are honoured here, in one place, for every
/// rule that reports inside a file.
/// </summary>
public static class MigrationValidator
{
    /// <param name="lint">What the safety lint knows about the project (its exposed schemas); none by default.</param>
    /// <param name="cacheDirectory">
    /// Where the validation cache lives (the project's obj/…/migrations/); files whose content is unchanged since a run
    /// that wrote it are not lexed or analysed again, and their diagnostics are reported as they were. Null: no cache.
    /// </param>
    public static MigrationValidation Validate(MigrationDiscoveryOptions options, SafetyLintOptions? lint = null, string? cacheDirectory = null) =>
        Validate(options, lint, cacheDirectory, TimeProvider.System);

    /// <param name="clock">What "now" is when deciding whether a file's stamp has settled (tests move it forward).</param>
    internal static MigrationValidation Validate(MigrationDiscoveryOptions options, SafetyLintOptions? lint, string? cacheDirectory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        lint ??= SafetyLintOptions.Default;

        // Fingerprinted before anything is read, so a file written while this validation runs does not match it.
        var manifest = options.ReuseUnchangedFolders && !string.IsNullOrEmpty(cacheDirectory) ? ValidationManifest.Open(cacheDirectory, options, lint, clock) : null;
        if (manifest?.TryReuse() is { } unchanged)
        {
            return unchanged;
        }

        var cache = string.IsNullOrEmpty(cacheDirectory) ? null : ValidationCache.Open(cacheDirectory, lint, clock);
        var set = MigrationDiscovery.Discover(options, cache);
        var diagnostics = new List<Diagnostic>(set.Diagnostics);

        // One unit of work per pair (and per rollback without a forward): both files are lexed once, checked, analysed
        // together, and dropped, so the tokens of a whole folder are never alive at once — holding them made garbage
        // collection the largest cost of validating a big folder. Units are independent: above a threshold they run on
        // every core, each collecting its own diagnostics, and the final sort makes the output independent of scheduling.
        // A unit's outcome depends only on its files' paths and texts (and the lint options and the engine build, which
        // key the whole cache), so a unit whose files are unchanged takes its diagnostics from the cache.
        var paired = set.Pairs.SelectMany(pair => new[] { pair.Forward.Path, pair.Rollback?.Path }).ToHashSet(StringComparer.Ordinal);
        var orphans = set.Files.Where(file => !paired.Contains(file.Path)).ToList();
        var found = new List<Diagnostic>[set.Pairs.Count + orphans.Count];
        ParallelWork.For(found.Length, options.ParallelThreshold, index =>
        {
            var (forward, rollback) = index < set.Pairs.Count
                ? (set.Pairs[index].Forward, set.Pairs[index].Rollback)
                : (orphans[index - set.Pairs.Count], null);
            var unit = cache?.FindUnit(forward, rollback);
            if (unit is null)
            {
                // A file left unread for its unchanged stamp is read now: its partner changed, or the pairing did.
                unit = [];
                (forward, rollback) = (MigrationDiscovery.ReadNow(forward, cache, unit), rollback is null ? null : MigrationDiscovery.ReadNow(rollback, cache, unit));
                unit.AddRange(index < set.Pairs.Count
                    ? CheckPair(set.Pairs[index] with { Forward = forward, Rollback = rollback }, lint)
                    : CheckFile(forward, Classify(forward.ParseScript()), lint));
                cache?.RememberUnit(forward, rollback, unit);
            }

            found[index] = unit;
        });

        foreach (var unit in found)
        {
            diagnostics.AddRange(unit);
        }

        diagnostics.Sort(DiagnosticOrder.Compare);
        var finished = FinishCache(cache);
        var validation = new MigrationValidation(set, diagnostics) { CacheNotes = finished };
        manifest?.Remember(validation);
        return validation;
    }

    /// <summary>Writes the cache when it changed; returns low-importance lines about it: what it saved, why it was ignored or not written.</summary>
    private static List<string> FinishCache(ValidationCache? cache)
    {
        if (cache is null)
        {
            return [];
        }

        var notes = new List<string>();
        if (cache.IgnoredBecause is { } ignored)
        {
            notes.Add(ignored);
        }

        var (reused, total) = cache.Reuse;
        notes.Add(cache.UnreadFiles > 0
            ? $"Reused validation of {reused} of {total} files; {cache.UnreadFiles} were not read (size, modification and change time unchanged since they were)."
            : $"Reused validation of {reused} of {total} files.");
        if (cache.Save() is { } notWritten)
        {
            notes.Add(notWritten);
        }

        return notes;
    }

    private static List<Diagnostic> CheckPair(MigrationPair pair, SafetyLintOptions lint)
    {
        // Each file's statements are classified once, here: the safety lint and the rollback analysis read the same classifications.
        var forward = Classify(pair.Forward.ParseScript());
        var rollback = Classify(pair.Rollback?.ParseScript());
        var found = CheckFile(pair.Forward, forward, lint);
        if (pair.Rollback is not null)
        {
            found.AddRange(CheckFile(pair.Rollback, rollback, lint));
        }

        // MIG0201 points into the forward and MIG0202/MIG0203 into the rollback: each is suppressed by the directives
        // of the file it points into.
        foreach (var diagnostic in RollbackCompatibility.Check(pair, forward, rollback))
        {
            var pointedInto = string.Equals(diagnostic.Location.FilePath, pair.Forward.Path, StringComparison.Ordinal) ? forward : rollback;
            AddUnsuppressed(found, [diagnostic], pointedInto?.Script);
        }

        return found;
    }

    private static ClassifiedScript? Classify(SqlScript? script) => script is null ? null : new ClassifiedScript(script);

    private static List<Diagnostic> CheckFile(MigrationFile file, ClassifiedScript? classified, SafetyLintOptions lint)
    {
        var found = new List<Diagnostic>();
        if (classified is not null)
        {
            var script = classified.Script;
            var fileDiagnostics = SqlSyntaxChecker.Check(file.Path, script)
                .Concat(DirectiveChecker.Check(file.Path, script))
                .Concat(SafetyLinter.Check(file, classified, lint));
            AddUnsuppressed(found, fileDiagnostics, script);
        }

        return found;
    }

    private static void AddUnsuppressed(List<Diagnostic> diagnostics, IEnumerable<Diagnostic> found, SqlScript? script)
    {
        foreach (var diagnostic in found)
        {
            if (script is null || !IsSuppressed(script, diagnostic))
            {
                diagnostics.Add(diagnostic);
            }
        }
    }

    /// <summary>
    /// A diagnostic is suppressed by a file-wide directive, or by one attached to the statement it falls in: the first
    /// statement that ends at or after it, when that statement starts at or before it. Statements are in order and do
    /// not overlap, so a binary search finds that one; scanning them all for each diagnostic made a file with many
    /// findings quadratic (100,000 tables without row level security validated for minutes).
    /// </summary>
    private static bool IsSuppressed(SqlScript script, Diagnostic diagnostic)
    {
        if (script.IsDisabledForFile(diagnostic.Code))
        {
            return true;
        }

        var position = (diagnostic.Location.Line, diagnostic.Location.Column);
        var statements = script.Statements;
        var (low, high) = (0, statements.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Compare(script.Lines.GetPosition(statements[middle].End), position) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < statements.Count
            && Compare((statements[low].Line, statements[low].Column), position) <= 0
            && statements[low].IsDisabled(diagnostic.Code);
    }

    private static int Compare((int Line, int Column) left, (int Line, int Column) right) =>
        left.Line != right.Line ? left.Line.CompareTo(right.Line) : left.Column.CompareTo(right.Column);
}
