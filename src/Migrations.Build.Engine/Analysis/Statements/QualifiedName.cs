namespace Migrations.Build.Engine.Analysis.Statements;

/// <summary>
/// A possibly qualified object name as PostgreSQL resolves its spelling: unquoted parts folded to lower case,
/// quoted parts kept exactly. <c>Billing."Invoices"</c> has the parts <c>billing</c> and <c>Invoices</c>.
/// Column names of COMMENT ON COLUMN have three parts (schema, table, column) or two (table, column).
/// </summary>
internal sealed class QualifiedName : IEquatable<QualifiedName>
{
    /// <summary>Where PostgreSQL puts an unqualified name with the default search_path.</summary>
    public const string DefaultSchema = "public";

    public QualifiedName(IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A name has at least one part.", nameof(parts));
        }

        Parts = parts;
    }

    public QualifiedName(string? schema, string name)
        : this(schema is null ? [name] : [schema, name])
    {
    }

    public IReadOnlyList<string> Parts { get; }

    /// <summary>The part before the last one, when the name was written qualified.</summary>
    public string? Schema => Parts.Count > 1 ? Parts[^2] : null;

    public string Name => Parts[^1];

    public bool IsQualified => Parts.Count > 1;

    /// <summary>
    /// True when both names most likely denote the same object within one migration: an unqualified name is taken to be
    /// in <c>public</c>, the default search_path, so <c>t</c> and <c>public.t</c> match.
    /// </summary>
    public bool DenotesSameObjectAs(QualifiedName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Name, other.Name, StringComparison.Ordinal)
            && string.Equals(Schema ?? DefaultSchema, other.Schema ?? DefaultSchema, StringComparison.Ordinal);
    }

    public bool Equals(QualifiedName? other) =>
        other is not null && Parts.Count == other.Parts.Count && Parts.SequenceEqual(other.Parts, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as QualifiedName);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var part in Parts)
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The name as SQL would write it, quoting the parts that folding would otherwise change, so messages can be pasted.</summary>
    public override string ToString() => string.Join(".", Parts.Select(Quote));

    private static string Quote(string part) => IsPlainIdentifier(part) ? part : "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool IsPlainIdentifier(string part)
    {
        if (part.Length == 0 || !(char.IsAsciiLetterLower(part[0]) || part[0] == '_'))
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }

        return true;
    }
}
