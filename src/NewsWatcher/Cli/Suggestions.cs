namespace NewsWatcher.Cli;

/// <summary>The closest spelling among known names, for "did you mean" hints on mistyped options, verbs and settings.</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="typed"/> (case-insensitive), or null when none is close enough to be a typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var word = typed.ToUpperInvariant();

        // About one edit in three characters; a candidate the typed text begins (at least three characters) also counts.
        var allowed = Math.Max(1, (word.Length + 2) / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(word, c.ToUpperInvariant())))
            .Where(c => c.Distance <= allowed || (word.Length >= 3 && c.Candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary><c> (did you mean 'X'?)</c> for the closest candidate, shown through <paramref name="format"/>; empty when none is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates, Func<string, string>? format = null) =>
        Closest(typed, candidates) is { } closest ? $" (did you mean '{(format is null ? closest : format(closest))}'?)" : "";

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
