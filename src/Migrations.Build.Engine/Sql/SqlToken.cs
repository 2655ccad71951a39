using System.Runtime.InteropServices;

namespace Migrations.Build.Engine.Sql;

/// <summary>
/// One token of a script: where it is, never its text, so lexing allocates nothing per token.
/// <see cref="Line"/> and <see cref="Column"/> are 1-based; columns count UTF-16 characters.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, int Line, int Column, bool IsUnterminated = false)
{
    public int End => Start + Length;

    /// <summary>Whitespace and comments: what the parser never sees.</summary>
    public bool IsTrivia => Kind is SqlTokenKind.Whitespace or SqlTokenKind.LineComment or SqlTokenKind.BlockComment;

    public bool IsComment => Kind is SqlTokenKind.LineComment or SqlTokenKind.BlockComment;

    /// <summary>Every kind of quoted literal whose unterminated form is an unterminated string (MIG0101).</summary>
    public bool IsStringLiteral => Kind is SqlTokenKind.StringLiteral or SqlTokenKind.EscapeString or SqlTokenKind.UnicodeString
        or SqlTokenKind.BitString or SqlTokenKind.HexString or SqlTokenKind.NationalString;

    public ReadOnlySpan<char> GetText(ReadOnlySpan<char> source) => source.Slice(Start, Length);

    public string GetString(string source) => source.Substring(Start, Length);

    /// <summary>True when this is an unquoted identifier spelled like <paramref name="keyword"/>, ignoring case as PostgreSQL does for keywords.</summary>
    public bool IsKeyword(ReadOnlySpan<char> source, string keyword) =>
        Kind == SqlTokenKind.Identifier && Length == keyword.Length
        && source.Slice(Start, Length).Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
