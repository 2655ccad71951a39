using System.Globalization;
using System.Text;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Discovery;

namespace Migrations.Build.Engine.Analysis.Caching;

/// <summary>
/// The cache file's text: a header line, the tool and settings lines, then one tab-separated line per file, unit and
/// diagnostic. A plain line format rather than JSON because the task host is a fresh process on every build: a JSON
/// serializer's code is compiled on first use there, which cost more than the cache saved on small projects.
/// Fields escape backslash, tab, CR and LF, so any path or message survives.
/// </summary>
internal static class ValidationCacheFormat
{
    private const string Header = "migrations-build validation cache 1";

    public static void Write(TextWriter writer, ValidationCacheDocument document)
    {
        writer.Write(Header + "\n");
        Line(writer, "T", document.Tool);
        Line(writer, "S", document.Settings);
        foreach (var file in document.Files)
        {
            Line(writer, "F", file.Path, file.ContentKey, Flag(file.HasStatements), Flag(file.IsIrreversible));
        }

        foreach (var unit in document.Units)
        {
            Line(writer, "U", unit.Role.ToString(), unit.ForwardPath, unit.ForwardKey, unit.RollbackPath ?? "-", unit.RollbackKey ?? "-", Number(unit.Diagnostics.Count));
            foreach (var d in unit.Diagnostics)
            {
                Line(writer, "D", d.Code, d.Title, d.DefaultSeverity.ToString(), d.Severity.ToString(), d.File, Number(d.Line), Number(d.Column), Number(d.EndLine), Number(d.EndColumn), d.Message);
            }
        }
    }

    /// <summary>The document, or null when the text is not a cache this version wrote completely.</summary>
    public static ValidationCacheDocument? Read(TextReader reader)
    {
        if (reader.ReadLine() != Header || Fields(reader.ReadLine(), "T", 1) is not [var tool] || Fields(reader.ReadLine(), "S", 1) is not [var settings])
        {
            return null;
        }

        var files = new List<CachedFile>();
        var units = new List<CachedUnit>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (Fields(line, "F", 4) is [var path, var key, var statements, var irreversible])
            {
                files.Add(new CachedFile(path, key, statements == "1", irreversible == "1"));
            }
            else if (Fields(line, "U", 6) is [var role, var forward, var forwardKey, var rollback, var rollbackKey, var count]
                && Enum.TryParse<MigrationRole>(role, out var parsedRole) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var diagnosticCount))
            {
                var diagnostics = new List<CachedDiagnostic>(diagnosticCount);
                for (var index = 0; index < diagnosticCount; index++)
                {
                    if (ReadDiagnostic(reader.ReadLine()) is not { } diagnostic)
                    {
                        return null;
                    }

                    diagnostics.Add(diagnostic);
                }

                units.Add(new CachedUnit(parsedRole, forward, forwardKey, rollback == "-" ? null : rollback, rollbackKey == "-" ? null : rollbackKey, diagnostics));
            }
            else
            {
                return null;
            }
        }

        return new ValidationCacheDocument { Tool = tool, Settings = settings, Files = files, Units = units };
    }

    private static CachedDiagnostic? ReadDiagnostic(string? line) =>
        Fields(line, "D", 10) is [var code, var title, var defaultSeverity, var severity, var file, var l, var c, var el, var ec, var message]
        && Enum.TryParse<DiagnosticSeverity>(defaultSeverity, out var parsedDefault) && Enum.TryParse<DiagnosticSeverity>(severity, out var parsedSeverity)
        && TryNumber(l, out var lineNumber) && TryNumber(c, out var column) && TryNumber(el, out var endLine) && TryNumber(ec, out var endColumn)
            ? new CachedDiagnostic(code, title, parsedDefault, parsedSeverity, file, lineNumber, column, endLine, endColumn, message)
            : null;

    private static string[]? Fields(string? line, string kind, int count)
    {
        if (line is null || !line.StartsWith(kind + "\t", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = line[(kind.Length + 1)..].Split('\t');
        return fields.Length == count ? Array.ConvertAll(fields, Unescape) : null;
    }

    private static void Line(TextWriter writer, string kind, params string[] fields)
    {
        writer.Write(kind);
        foreach (var field in fields)
        {
            writer.Write('\t');
            writer.Write(Escape(field));
        }

        writer.Write('\n');
    }

    private static string Flag(bool value) => value ? "1" : "0";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out int value) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Escape(string text) =>
        text.AsSpan().IndexOfAny("\\\t\r\n") < 0 ? text : text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var index = 0; index < text.Length; index++)
        {
            if (text[index] != '\\' || index + 1 == text.Length)
            {
                builder.Append(text[index]);
                continue;
            }

            index++;
            builder.Append(text[index] switch { 't' => '\t', 'r' => '\r', 'n' => '\n', var other => other });
        }

        return builder.ToString();
    }
}
