namespace Migrations.Build.Engine.Text;

/// <summary>
/// The "did you mean" behind every message about a name the user typed: statement keywords (MIG0106), directive names
/// (MIG0108), environment names (MIG1002) and connection URL query parameters. One tolerance for all of them, so a
/// typo gets the same help wherever it is made.
/// </summary>
internal static class SpellingSuggestion
{
    /// <summary>
    /// The candidate <paramref name="typed"/> was most likely meant to be, or null when none is close enough to be a
    /// plausible typo. Case is ignored (SSLMODE suggests sslmode). Ties go to a candidate with the same first letter,
    /// the one people get right most often, then to the earlier candidate.
    /// </summary>
    public static string? Find(ReadOnlySpan<char> typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (typed.IsEmpty)
        {
            // Nothing was typed, so nothing was mistyped.
            return null;
        }

        var allowed = AllowedEdits(typed.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestSharesFirstLetter = false;
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length, so this skips only candidates that cannot match.
            if (candidate.Length == 0 || Math.Abs(candidate.Length - typed.Length) > allowed)
            {
                continue;
            }

            var distance = EditDistance.IgnoringCase(typed, candidate);
            var sharesFirstLetter = char.ToUpperInvariant(candidate[0]) == char.ToUpperInvariant(typed[0]);
            if (distance <= allowed
                && (distance < bestDistance || (distance == bestDistance && sharesFirstLetter && !bestSharesFirstLetter)))
            {
                best = candidate;
                bestDistance = distance;
                bestSharesFirstLetter = sharesFirstLetter;
            }
        }

        return best;
    }

    /// <summary>
    /// The typo tolerance: one edit for a word of up to four letters, two for a longer one. Each of the three
    /// suggestions this replaces had its own rule; this one keeps every message their tests pin (DORP → DROP, D0 → DO,
    /// disbale → disable, Stagign → Staging, ssl_mode → sslmode, XYZZY and ZZ and frobnicate and Preview and ssl → no
    /// suggestion). It scales with what was typed, not with the candidate, because the typed word is the evidence: two
    /// edits in a four-letter word leave half of it changed (ssl is not a typo of sslmode, nor ZZ of DO), while a longer
    /// word keeps enough of itself to be recognised. The directive check used to allow up to a third of the known
    /// name's length (four edits against no-transaction); no test relied on that, and four edits also turn made-up
    /// words into suggestions that read like a guess.
    /// </summary>
    internal static int AllowedEdits(int typedLength) => typedLength <= 4 ? 1 : 2;
}
