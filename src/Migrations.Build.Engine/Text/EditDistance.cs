namespace Migrations.Build.Engine.Text;

/// <summary>
/// How many single-character edits turn one word into another: insertions, deletions, substitutions and swaps of two
/// adjacent characters (optimal string alignment, i.e. Damerau–Levenshtein without editing a substring twice).
/// Swaps count as one edit because "disbale" and "UDPATE" are one slip of the fingers, not two.
/// </summary>
internal static class EditDistance
{
    // Three rows of ints on the stack up to this width; names longer than this are rare enough to allocate for.
    private const int StackRowLimit = 128;

    /// <summary>The distance between <paramref name="source"/> and <paramref name="target"/>, ignoring case.</summary>
    public static int IgnoringCase(ReadOnlySpan<char> source, ReadOnlySpan<char> target)
    {
        var width = target.Length + 1;
        Span<int> rows = width <= StackRowLimit ? stackalloc int[3 * width] : new int[3 * width];
        var beforePrevious = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows[(2 * width)..];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= source.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j < width; j++)
            {
                var cost = Same(source[i - 1], target[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && Same(source[i - 1], target[j - 2]) && Same(source[i - 2], target[j - 1]))
                {
                    value = Math.Min(value, beforePrevious[j - 2] + 1);
                }

                current[j] = value;
            }

            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[target.Length];
    }

    private static bool Same(char left, char right) => char.ToUpperInvariant(left) == char.ToUpperInvariant(right);
}
