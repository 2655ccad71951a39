using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Sql;
using Migrations.Build.Engine.Text;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// MIG0108: <c>-- migrations:</c> directives that silently do nothing: a misspelt name, a code no diagnostic has (or
/// none at all) in a disable directive, a disable with no statement after it, and a file-level directive after the
/// first statement, where it is ignored.
/// Without this a typo in a suppression or in <c>no-transaction</c> only shows up as a failure at deploy time.
/// </summary>
internal static class DirectiveChecker
{
    private const string Prefix = "migrations:";

    private static readonly string[] KnownNames = ["no-transaction", "irreversible", "disable", "disable-file"];

    public static IReadOnlyList<Diagnostic> Check(string filePath, SqlScript script)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(script);
        var diagnostics = new List<Diagnostic>();
        foreach (var directive in script.Directives)
        {
            switch (directive.Kind)
            {
                case SqlDirectiveKind.Unknown:
                    diagnostics.Add(new Diagnostic(
                        DiagnosticCatalog.UnknownDirective,
                        At(filePath, directive, NameOffset(script, directive)),
                        DescribeUnknownName(directive.Name)));
                    continue;

                case SqlDirectiveKind.Disable or SqlDirectiveKind.DisableFile:
                    ReportCodes(filePath, script, directive, diagnostics);
                    break;
            }

            if (directive.Kind == SqlDirectiveKind.Disable && (script.Statements.Count == 0 || directive.Start >= script.Statements[^1].End))
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.UnknownDirective,
                    At(filePath, directive, 0),
                    "-- migrations:disable comes after the last statement, so there is no statement for it to apply to; put it on the line before the statement it is meant for (or use disable-file before the first statement for the whole file)."));
            }

            if (directive.IsFileLevel && !script.FileDirectives.Contains(directive))
            {
                var firstStatement = script.Statements[0];
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.UnknownDirective,
                    At(filePath, directive, 0),
                    $"-- migrations:{directive.Name.ToLowerInvariant()} has no effect after the first statement (line {firstStatement.Line}); move it above that statement, to the top of the file."));
            }
        }

        return diagnostics;
    }

    /// <summary>Each code a disable directive names that the catalog does not define, and a directive that names none.</summary>
    private static void ReportCodes(string filePath, SqlScript script, SqlDirective directive, List<Diagnostic> diagnostics)
    {
        var text = script.Text.AsSpan(directive.Start, directive.Length);
        if (directive.Codes.Count == 0)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.UnknownDirective,
                At(filePath, directive, NameOffset(script, directive)),
                $"-- migrations:{directive.Name.ToLowerInvariant()} names no diagnostic code, so it suppresses nothing; write the codes first, then the reason: -- migrations:{directive.Name.ToLowerInvariant()} MIG0303 <reason>."));
            return;
        }

        foreach (var code in directive.Codes)
        {
            if (DiagnosticCatalog.Find(code) is not null)
            {
                continue;
            }

            var offset = text.IndexOf(code, StringComparison.OrdinalIgnoreCase);
            diagnostics.Add(new Diagnostic(
                DiagnosticCatalog.UnknownDirective,
                At(filePath, directive, Math.Max(offset, 0)),
                $"{code} is not a Migrations.Build diagnostic code, so -- migrations:{directive.Name.ToLowerInvariant()} suppresses nothing for it; check the code in the warning you meant to silence (docs/diagnostics.md lists them all)."));
        }
    }

    private static string DescribeUnknownName(string name)
    {
        var closest = SpellingSuggestion.Find(name, KnownNames);
        var known = string.Join(", ", KnownNames);
        return closest is null
            ? $"'migrations:{name}' is not a directive, so it does nothing; the directives are {known}."
            : $"'migrations:{name}' is not a directive, so it does nothing; did you mean migrations:{closest}? (the directives are {known})";
    }

    /// <summary>Where the directive's name starts, counted from its <c>--</c>.</summary>
    private static int NameOffset(SqlScript script, SqlDirective directive)
    {
        var offset = script.Text.AsSpan(directive.Start, directive.Length).IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        return offset < 0 ? 0 : offset + Prefix.Length;
    }

    /// <summary>A directive is one line comment, so a character offset into it is a column offset.</summary>
    private static SourceLocation At(string filePath, SqlDirective directive, int offset) =>
        new(filePath, directive.Line, directive.Column + offset);
}
