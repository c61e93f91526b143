using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// What an article's headline says, reduced to comparable words: two outlets' headlines on one story share most of them.
/// Words are lower-cased, stripped of accents and stop words, cut to a five-letter stem, with cease-fire spellings
/// and "truce" folded into one word; an aggregator's " - Outlet" suffix is dropped. MinHash bands (LSH) find candidate
/// stories in the store without scanning; the exact Jaccard similarity of the word sets decides, unless the two
/// headlines name different specifics (see <see cref="Contradicts"/>).
/// </summary>
public sealed partial class StoryFingerprint
{
    /// <summary>Jaccard similarity from which two headlines are one story (tuned on the labelled DEV headlines).</summary>
    public const double Threshold = 0.5;

    /// <summary>MinHash bands; a pair at the threshold shares at least one band with probability 0.99.</summary>
    public const int Bands = 16;

    private const int RowsPerBand = 2;
    private const int StemLength = 5;
    private const int MinTitleWords = 4;

    /// <summary>Distinct words kept per headline (a headline is capped at parse time; this bounds what the store keeps).</summary>
    public const int MaxWords = 48;

    /// <summary>Distinct names and numbers kept per headline.</summary>
    public const int MaxNames = 16;

    private static readonly string[] _numberWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static readonly HashSet<string> _stopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "after", "before", "over",
        "into", "says", "said", "say", "will", "would", "can", "could", "not", "no", "but", "than", "then", "about", "amid",
        "up", "out", "new", "live", "updates", "latest",
    };

    private StoryFingerprint(IReadOnlySet<string> words, IReadOnlySet<string> names)
    {
        Words = words;
        Names = names;
    }

    /// <summary>The normalised word stems.</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>
    /// The headline's specifics, normalised like <see cref="Words"/>: numbers (digits, or "two" … "twelve", as digits)
    /// and, in a sentence-case headline, capitalised words that do not start a sentence and are not the source of a
    /// quote ("…, Qatar says"), i.e. places, people and parties. A Title Case headline contributes only its numbers.
    /// </summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Too few words to tell stories apart: such an article is never clustered.</summary>
    public bool IsUsable => Words.Count >= 3;

    /// <summary>The headline's words, and the summary's lead when the headline alone is too short to identify a story.</summary>
    public static StoryFingerprint Of(string title, string summary)
    {
        ArgumentNullException.ThrowIfNull(title);
        var headline = OutletSuffix().Replace(title, string.Empty);
        var words = WordsOf(headline);
        if (words.Count < MinTitleWords && !string.IsNullOrEmpty(summary))
        {
            words.UnionWith(WordsOf(summary).Take(12));
        }

        return new StoryFingerprint(Bounded(words, MaxWords), Bounded(NamesOf(headline), MaxNames));
    }

    /// <summary>Rebuilds a fingerprint from stored words and names.</summary>
    public static StoryFingerprint FromWords(IEnumerable<string> words, IEnumerable<string>? names = null) =>
        new(new HashSet<string>(words, StringComparer.Ordinal), new HashSet<string>(names ?? [], StringComparer.Ordinal));

    /// <summary>
    /// True when each headline names a specific of the same kind the other lacks ("near Sumy" / "near Orikhiv", "3 killed" / "5 killed"):
    /// two incidents of one kind, not one story, however many other words they share. A detail only one of them adds
    /// (a place, a figure) does not contradict.
    /// </summary>
    public bool Contradicts(StoryFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Like against like: a figure only one gives ("S&P 500") says nothing against a place only the other names.
        return (Unmatched(this, other, numbers: true) && Unmatched(other, this, numbers: true))
            || (Unmatched(this, other, numbers: false) && Unmatched(other, this, numbers: false));

        static bool Unmatched(StoryFingerprint a, StoryFingerprint b, bool numbers) =>
            a.Names.Any(n => n.Any(char.IsDigit) == numbers && !b.Words.Contains(n) && !b.Names.Contains(n));
    }

    /// <summary>Whether the two headlines tell one story: similar enough (<see cref="Threshold"/>) and not contradicting.</summary>
    public bool IsSameStory(StoryFingerprint other) => Similarity(other) >= Threshold && !Contradicts(other);

    /// <summary>Exact Jaccard similarity of the two word sets.</summary>
    public double Similarity(StoryFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Words.Count == 0 || other.Words.Count == 0)
        {
            return 0;
        }

        var shared = Words.Count(other.Words.Contains);
        return (double)shared / (Words.Count + other.Words.Count - shared);
    }

    /// <summary>One key per MinHash band ("band:value"); similar fingerprints share at least one with high probability.</summary>
    public IReadOnlyList<string> BandKeys()
    {
        var signature = new ulong[Bands * RowsPerBand];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var word in Words)
        {
            var h = Fnv1a(word);
            for (var i = 0; i < signature.Length; i++)
            {
                var v = Mix(h ^ (0x9E3779B97F4A7C15UL * (ulong)(i + 1)));
                if (v < signature[i])
                {
                    signature[i] = v;
                }
            }
        }

        var keys = new string[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var combined = signature[b * RowsPerBand];
            for (var r = 1; r < RowsPerBand; r++)
            {
                combined = Mix(combined ^ signature[(b * RowsPerBand) + r]);
            }

            keys[b] = string.Create(CultureInfo.InvariantCulture, $"{b}:{combined & 0xFFFFFFFFFFFF:x}");
        }

        return keys;
    }

    private static HashSet<string> WordsOf(string text)
    {
        var folded = CeaseFire().Replace(Fold(DottedAcronym().Replace(text, m => m.Value.Replace(".", string.Empty, StringComparison.Ordinal))), "ceasefire");
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(folded))
        {
            var word = m.Value == "truce" ? "ceasefire" : m.Value;
            if (word.Length > 1 && !_stopWords.Contains(word))
            {
                words.Add(Stem(word));
            }
        }

        return words;
    }

    private static HashSet<string> NamesOf(string headline)
    {
        var text = DigitGroup().Replace(DottedAcronym().Replace(headline, m => m.Value.Replace(".", string.Empty, StringComparison.Ordinal)), string.Empty);
        var tokens = Word().Matches(text);
        // In Title Case every word is capitalised, so capitals say nothing about names there.
        var longWords = tokens.Where(t => t.Length >= 4 && t.Value.All(char.IsLetter)).ToList();
        var titleCase = longWords.Count >= 3 && longWords.Count(t => char.IsUpper(t.Value[0])) >= 0.75 * longWords.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i].Value;
            var lower = token.ToLowerInvariant();
            if (token.Any(char.IsDigit))
            {
                names.Add(lower);
            }
            else if (Array.IndexOf(_numberWords, lower) is var number and >= 2)
            {
                names.Add(number.ToString(CultureInfo.InvariantCulture));
            }
            else if (!titleCase && char.IsUpper(token[0]) && token.Length > 1 && !StartsSentence(text, tokens[i].Index)
                && !IsQuoteSource(text, tokens[i].Index + token.Length) && Fold(token) is var folded && !_stopWords.Contains(folded)
                && !CeaseFire().IsMatch(folded) && folded != "truce")
            {
                names.Add(Stem(folded));
            }
        }

        return names;
    }

    /// <summary>The first word of the headline or of a clause after '.', ':', '?', '!', '|', a dash or an opening quote.</summary>
    private static bool StartsSentence(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            return c is '.' or ':' or '?' or '!' or '|' or ';' or '—' or '–' or '"' or '“' or '‘' or '\'' or '(' or '[';
        }

        return true;
    }

    /// <summary>"Qatar says", "White House says", "Rubio told": who reports the story is not what the story is about.</summary>
    private static bool IsQuoteSource(string text, int end) => QuoteVerb().IsMatch(text.AsSpan(end));

    private static string Fold(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Stem(string word) => word.Length > StemLength ? word[..StemLength] : word;

    private static HashSet<string> Bounded(HashSet<string> set, int max) =>
        set.Count <= max ? set : new HashSet<string>(set.Take(max), StringComparer.Ordinal);

    private static ulong Fnv1a(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }

    [GeneratedRegex(@"\s+[-|–—]\s+[^-|–—]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex OutletSuffix();

    [GeneratedRegex(@"cease[\s\-‐-―]*fire|перемир\w*|припинення вогню", RegexOptions.CultureInvariant)]
    private static partial Regex CeaseFire();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?:\p{Lu}\.){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex DottedAcronym();

    [GeneratedRegex(@"(?<=\d)[,.](?=\d{3}\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitGroup();

    [GeneratedRegex(@"^(?:\s+\p{Lu}[\p{L}\p{N}]*){0,2}(?:['’]s)?\s+(?:says|said|say|tells|told|reports|reported|claims|claimed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuoteVerb();
}
