namespace Migrations.Build.Engine.Sql;

/// <summary>
/// Turns character offsets into 1-based line and column, for positions that are not token starts
/// (for example an error position PostgreSQL reports inside a statement). CRLF and a lone CR each end one line;
/// a BOM at the start is not counted as a column.
/// </summary>
internal sealed class SqlLineIndex
{
    private readonly int[] _lineStarts;
    private readonly int[] _lineEnds;

    private SqlLineIndex(int[] lineStarts, int[] lineEnds)
    {
        _lineStarts = lineStarts;
        _lineEnds = lineEnds;
    }

    public int LineCount => _lineStarts.Length;

    public static SqlLineIndex Build(ReadOnlySpan<char> text)
    {
        var starts = new List<int> { text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0 };
        var ends = new List<int>();
        var index = 0;
        while (index < text.Length)
        {
            var offset = text[index..].IndexOfAny('\r', '\n');
            if (offset < 0)
            {
                break;
            }

            index += offset;
            ends.Add(index);
            index += text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n' ? 2 : 1;
            starts.Add(index);
        }

        ends.Add(text.Length);
        return new SqlLineIndex(starts.ToArray(), ends.ToArray());
    }

    /// <summary>Characters on <paramref name="line"/> (1-based), line break excluded.</summary>
    public int GetLineLength(int line) => _lineEnds[line - 1] - _lineStarts[line - 1];

    /// <summary>The 1-based line and column of <paramref name="offset"/>; the end of the text is a valid position.</summary>
    public (int Line, int Column) GetPosition(int offset)
    {
        var found = Array.BinarySearch(_lineStarts, offset);
        var lineIndex = found >= 0 ? found : Math.Max(0, ~found - 1);
        return (lineIndex + 1, Math.Max(1, offset - _lineStarts[lineIndex] + 1));
    }
}
