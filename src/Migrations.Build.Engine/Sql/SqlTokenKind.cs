namespace Migrations.Build.Engine.Sql;

/// <summary>What a <see cref="SqlToken"/> is, following PostgreSQL's scanner (docs: "Lexical Structure").</summary>
internal enum SqlTokenKind : byte
{
    /// <summary>Spaces, tabs, line breaks, form feeds, vertical tabs (and a byte order mark at the very start).</summary>
    Whitespace,

    /// <summary><c>-- …</c> up to, not including, the line break.</summary>
    LineComment,

    /// <summary><c>/* … */</c>, which PostgreSQL lets nest.</summary>
    BlockComment,

    /// <summary>A keyword or unquoted identifier; the scanner cannot tell them apart, the parser does.</summary>
    Identifier,

    /// <summary><c>"…"</c> with <c>""</c> for a quote inside.</summary>
    QuotedIdentifier,

    /// <summary><c>U&amp;"…"</c>, optionally followed by <c>UESCAPE '&lt;c&gt;'</c> (included in the token).</summary>
    UnicodeQuotedIdentifier,

    /// <summary><c>'…'</c> with <c>''</c> for a quote inside; backslashes are ordinary characters.</summary>
    StringLiteral,

    /// <summary><c>E'…'</c>, where a backslash escapes the next character.</summary>
    EscapeString,

    /// <summary><c>U&amp;'…'</c>, optionally followed by <c>UESCAPE '&lt;c&gt;'</c> (included in the token).</summary>
    UnicodeString,

    /// <summary><c>B'…'</c>.</summary>
    BitString,

    /// <summary><c>X'…'</c>.</summary>
    HexString,

    /// <summary><c>N'…'</c>.</summary>
    NationalString,

    /// <summary><c>$$…$$</c> or <c>$tag$…$tag$</c>.</summary>
    DollarString,

    /// <summary>Decimal, <c>0x</c>, <c>0o</c> or <c>0b</c> integer, with optional <c>_</c> separators.</summary>
    IntegerLiteral,

    /// <summary>A number with a decimal point or an exponent.</summary>
    NumericLiteral,

    /// <summary><c>$1</c>, <c>$2</c> …</summary>
    Parameter,

    /// <summary>An operator such as <c>=</c>, <c>&lt;&gt;</c>, <c>-&gt;&gt;</c>, <c>||</c>, <c>@&gt;</c> or <c>:=</c>.</summary>
    Operator,

    /// <summary><c>::</c>.</summary>
    Cast,

    OpenParenthesis,
    CloseParenthesis,
    OpenBracket,
    CloseBracket,
    Comma,
    Semicolon,
    Dot,

    /// <summary><c>..</c>, the range of a PL/pgSQL integer FOR loop.</summary>
    DotDot,
    Colon,

    /// <summary>A psql backslash command (<c>\i</c>, <c>\echo</c>, <c>\set</c> …) up to the end of its line.</summary>
    MetaCommand,

    /// <summary>A character PostgreSQL's scanner does not accept outside a string, such as <c>{</c>, or a lone <c>$</c>.</summary>
    Unknown,
}
