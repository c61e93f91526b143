using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsWatcher.Core.Stories;

/// <summary>
/// What an article's headline says, reduced to comparable words: two outlets' headlines on one story share most of them.
/// Words are lower-cased, stripped of accents and stop words, cut to a five-letter stem, with cease-fire spellings
/// and "truce" folded into one word; an aggregator's " - Outlet" suffix is dropped. MinHash bands (LSH) find candidate
/// stories in the store without scanning; the exact Jaccard similarity of the word sets decides.
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

    private static readonly HashSet<string> _stopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "after", "before", "over",
        "into", "says", "said", "say", "will", "would", "can", "could", "not", "no", "but", "than", "then", "about", "amid",
        "up", "out", "new", "live", "updates", "latest",
    };

    private StoryFingerprint(IReadOnlySet<string> words)
    {
        Words = words;
    }

    /// <summary>The normalised word stems.</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>Too few words to tell stories apart: such an article is never clustered.</summary>
    public bool IsUsable => Words.Count >= 3;

    /// <summary>The headline's words, and the summary's lead when the headline alone is too short to identify a story.</summary>
    public static StoryFingerprint Of(string title, string summary)
    {
        ArgumentNullException.ThrowIfNull(title);
        var words = WordsOf(OutletSuffix().Replace(title, string.Empty));
        if (words.Count < MinTitleWords && !string.IsNullOrEmpty(summary))
        {
            words.UnionWith(WordsOf(summary).Take(12));
        }

        return new StoryFingerprint(words);
    }

    /// <summary>Rebuilds a fingerprint from stored words.</summary>
    public static StoryFingerprint FromWords(IEnumerable<string> words) => new(new HashSet<string>(words, StringComparer.Ordinal));

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
        var normalized = text.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        var folded = CeaseFire().Replace(builder.ToString(), "ceasefire");
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(folded))
        {
            var word = m.Value == "truce" ? "ceasefire" : m.Value;
            if (word.Length > 1 && !_stopWords.Contains(word))
            {
                words.Add(word.Length > StemLength ? word[..StemLength] : word);
            }
        }

        return words;
    }

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
}
