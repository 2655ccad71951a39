using System.Security.Cryptography;
using System.Text;

namespace Migrations.Build.Engine.Discovery;

/// <summary>
/// The decoded text of a migration file and its checksum. Decoding is strict: a file that is not valid UTF-8 or that
/// holds a NUL character is reported with the position of the first bad byte rather than silently repaired, because
/// PostgreSQL would reject it (or, worse, a lenient decoder would deploy something other than what was reviewed).
/// </summary>
public sealed class MigrationText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private MigrationText(string text, string checksum)
    {
        Text = text;
        Checksum = checksum;
    }

    /// <summary>The file's text without a byte order mark, line endings as in the file (positions refer to it).</summary>
    public string Text { get; }

    /// <summary>Lower-case hex SHA-256 of the text with the BOM removed and CRLF / lone CR normalised to LF.</summary>
    public string Checksum { get; }

    /// <summary>Decodes bytes read from a file; returns null and the problem's 1-based position when they are unusable.</summary>
    internal static MigrationText? TryDecode(ReadOnlySpan<byte> bytes, out TextProblem? problem)
    {
        problem = null;
        var content = bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;

        // The common case (valid UTF-8) is checked with the vectorised validator; the slow scan only locates a problem.
        var invalidAt = System.Text.Unicode.Utf8.IsValid(content) ? -1 : FindFirstInvalidUtf8(content);
        var nulAt = content.IndexOf((byte)0);
        if (invalidAt >= 0 && (nulAt < 0 || invalidAt < nulAt))
        {
            problem = DescribeAt(content, invalidAt, $"byte 0x{content[invalidAt]:X2} is not valid UTF-8; the file is probably in a legacy encoding such as Windows-1252 or Latin-1, so re-save it as UTF-8 and check the characters around this position");
            return null;
        }

        if (nulAt >= 0)
        {
            problem = DescribeAt(content, nulAt, "the file contains a NUL character, which PostgreSQL does not accept in SQL text; remove it (the file may be UTF-16 or binary)");
            return null;
        }

        var text = StrictUtf8.GetString(content);
        return new MigrationText(text, ComputeChecksum(content));
    }

    /// <summary>
    /// The same checksum computed from the file's UTF-8 bytes (BOM already removed), without re-encoding the text.
    /// CR never occurs inside a multi-byte UTF-8 sequence, so line endings can be normalised byte by byte.
    /// </summary>
    private static string ComputeChecksum(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOf((byte)'\r') < 0)
        {
            return Convert.ToHexString(SHA256.HashData(utf8)).ToLowerInvariant();
        }

        var normalised = new byte[utf8.Length];
        var length = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != (byte)'\r')
            {
                normalised[length++] = utf8[i];
            }
            else if (i + 1 >= utf8.Length || utf8[i + 1] != (byte)'\n')
            {
                normalised[length++] = (byte)'\n';
            }
        }

        return Convert.ToHexString(SHA256.HashData(normalised.AsSpan(0, length))).ToLowerInvariant();
    }

    /// <summary>The contract's checksum: SHA-256 over the UTF-8 text with line endings normalised to LF, BOM removed.</summary>
    public static string ComputeChecksum(string text)
    {
        var normalised = text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;
        if (normalised.Length > 0 && normalised[0] == '\uFEFF')
        {
            normalised = normalised[1..];
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalised));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    private static int FindFirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>Turns a byte offset into a 1-based line and a column counted in characters of the valid text before it.</summary>
    private static TextProblem DescribeAt(ReadOnlySpan<byte> content, int byteOffset, string message)
    {
        var before = content[..byteOffset];
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            var isBreak = before[i] == (byte)'\n' || (before[i] == (byte)'\r' && (i + 1 >= content.Length || content[i + 1] != (byte)'\n'));
            if (isBreak)
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new TextProblem(line, column, message);
    }
}
