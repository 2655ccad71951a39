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
    public static MigrationValidation Validate(MigrationDiscoveryOptions options)
    {
        var set = MigrationDiscovery.Discover(options);
        var diagnostics = new List<Diagnostic>(set.Diagnostics);

        // Files, then pairs, are independent of each other: check them on every core. Each slot collects its own
        // diagnostics and the final sort makes the output independent of scheduling.
        var byFile = new List<Diagnostic>[set.Files.Count];
        Parallel.For(0, set.Files.Count, index =>
        {
            var file = set.Files[index];
            var found = new List<Diagnostic>();
            if (file.Script is not null)
            {
                var fileDiagnostics = SqlSyntaxChecker.Check(file.Path, file.Script)
                    .Concat(DirectiveChecker.Check(file.Path, file.Script))
                    .Concat(SafetyLinter.Check(file));
                AddUnsuppressed(found, fileDiagnostics, file);
            }

            byFile[index] = found;
        });

        var byPair = new List<Diagnostic>[set.Pairs.Count];
        Parallel.For(0, set.Pairs.Count, index =>
        {
            var pair = set.Pairs[index];
            var found = new List<Diagnostic>();

            // MIG0201 points into the forward and MIG0202/MIG0203 into the rollback (which the check only reads when there is
            // one): each is suppressed by the directives of the file it points into.
            foreach (var diagnostic in RollbackCompatibility.Check(pair))
            {
                var pointedInto = string.Equals(diagnostic.Location.FilePath, pair.Forward.Path, StringComparison.Ordinal) ? pair.Forward : pair.Rollback!;
                AddUnsuppressed(found, [diagnostic], pointedInto);
            }

            byPair[index] = found;
        });

        foreach (var found in byFile.Concat(byPair))
        {
            diagnostics.AddRange(found);
        }

        diagnostics.Sort(DiagnosticOrder.Compare);
        return new MigrationValidation(set, diagnostics);
    }

    private static void AddUnsuppressed(List<Diagnostic> diagnostics, IEnumerable<Diagnostic> found, MigrationFile file)
    {
        foreach (var diagnostic in found)
        {
            if (file.Script is null || !IsSuppressed(file.Script, diagnostic))
            {
                diagnostics.Add(diagnostic);
            }
        }
    }

    /// <summary>A diagnostic is suppressed by a file-wide directive, or by one attached to the statement it falls in.</summary>
    private static bool IsSuppressed(SqlScript script, Diagnostic diagnostic)
    {
        if (script.IsDisabledForFile(diagnostic.Code))
        {
            return true;
        }

        foreach (var statement in script.Statements)
        {
            var (line, column) = (diagnostic.Location.Line, diagnostic.Location.Column);
            var startsBefore = statement.Line < line || (statement.Line == line && statement.Column <= column);
            var (endLine, endColumn) = script.Lines.GetPosition(statement.End);
            var endsAfter = endLine > line || (endLine == line && endColumn >= column);
            if (startsBefore && endsAfter)
            {
                return statement.IsDisabled(diagnostic.Code);
            }
        }

        return false;
    }
}
