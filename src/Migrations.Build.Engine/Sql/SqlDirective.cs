using System.Diagnostics.CodeAnalysis;

namespace Migrations.Build.Engine.Sql;

/// <summary>
/// A <c>-- migrations:&lt;name&gt; [args]</c> comment line. <see cref="Line"/>/<see cref="Column"/> are 1-based and point
/// at the comment's <c>--</c>; <see cref="Codes"/> are upper case (<c>MIG0303</c>).
/// </summary>
internal sealed record SqlDirective(
    SqlDirectiveKind Kind,
    string Name,
    IReadOnlyList<string> Codes,
    string Reason,
    int Start,
    int Length,
    int Line,
    int Column)
{
    private const string Prefix = "migrations:";

    /// <summary>Directives that only mean something before the first statement.</summary>
    public bool IsFileLevel => Kind is SqlDirectiveKind.NoTransaction or SqlDirectiveKind.Irreversible or SqlDirectiveKind.DisableFile;

    public bool Disables(string code)
    {
        foreach (var listed in Codes)
        {
            if (string.Equals(listed, code, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads <paramref name="comment"/> (a line comment token of <paramref name="source"/>) as a directive.</summary>
    public static bool TryParse(ReadOnlySpan<char> source, SqlToken comment, [NotNullWhen(true)] out SqlDirective? directive)
    {
        directive = null;
        if (comment.Kind != SqlTokenKind.LineComment)
        {
            return false;
        }

        var body = comment.GetText(source)[2..].TrimStart();
        if (!body.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        body = body[Prefix.Length..];
        var nameLength = 0;
        while (nameLength < body.Length && !char.IsWhiteSpace(body[nameLength]))
        {
            nameLength++;
        }

        var name = body[..nameLength].ToString();
        var arguments = body[nameLength..].Trim();
        var kind = name.ToUpperInvariant() switch
        {
            "NO-TRANSACTION" => SqlDirectiveKind.NoTransaction,
            "IRREVERSIBLE" => SqlDirectiveKind.Irreversible,
            "DISABLE" => SqlDirectiveKind.Disable,
            "DISABLE-FILE" => SqlDirectiveKind.DisableFile,
            _ => SqlDirectiveKind.Unknown,
        };

        var codes = new List<string>();
        if (kind is SqlDirectiveKind.Disable or SqlDirectiveKind.DisableFile)
        {
            arguments = ReadCodes(arguments, codes);
        }

        directive = new SqlDirective(kind, name, codes, arguments.ToString(), comment.Start, comment.Length, comment.Line, comment.Column);
        return true;
    }

    /// <summary>Takes the leading <c>MIGnnnn</c> codes (separated by commas and/or spaces); what remains is the reason.</summary>
    private static ReadOnlySpan<char> ReadCodes(ReadOnlySpan<char> arguments, List<string> codes)
    {
        while (true)
        {
            var rest = arguments.TrimStart();
            if (rest.Length > 0 && rest[0] == ',')
            {
                rest = rest[1..].TrimStart();
            }

            var wordLength = 0;
            while (wordLength < rest.Length && rest[wordLength] != ',' && !char.IsWhiteSpace(rest[wordLength]))
            {
                wordLength++;
            }

            var word = rest[..wordLength];
            if (!IsCode(word))
            {
                return arguments.Trim();
            }

            codes.Add(word.ToString().ToUpperInvariant());
            arguments = rest[wordLength..];
        }
    }

    private static bool IsCode(ReadOnlySpan<char> word)
    {
        if (word.Length != 7 || !word.StartsWith("MIG", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in word[3..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
