using System.Text.RegularExpressions;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// What real news says, counted: words, two-word phrases and named entities from headlines and feed items, each with
/// how often it occurs. The watch generator draws from it by frequency.
/// </summary>
public sealed partial class NewsVocabulary
{
    /// <summary>Function words and news boilerplate: nobody watches for "the" or "says".</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her",
        "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "more", "most", "my",
        "new", "no", "not", "now", "of", "on", "one", "or", "other", "our", "out", "over", "says", "said", "she", "so",
        "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "up",
        "us", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would", "you",
        "your", "amp", "quot", "nbsp", "http", "https", "www", "com", "html", "via", "de", "la", "le", "el", "et", "und",
        "der", "die", "das", "и", "в", "на", "не", "что", "с", "по",
    };

    private NewsVocabulary(IReadOnlyList<(string Text, int Count)> words, IReadOnlyList<(string Text, int Count)> phrases, IReadOnlyList<(string Text, int Count)> entities)
    {
        Words = words;
        Phrases = phrases;
        Entities = entities;
    }

    /// <summary>Content words (lower case, at least 3 letters, seen at least twice), most frequent first.</summary>
    public IReadOnlyList<(string Text, int Count)> Words { get; }

    /// <summary>Two adjacent content words seen together at least twice ("peace talks", "prime minister").</summary>
    public IReadOnlyList<(string Text, int Count)> Phrases { get; }

    /// <summary>Runs of capitalised words that the corpus (almost) never writes in lower case: people, places, organisations.</summary>
    public IReadOnlyList<(string Text, int Count)> Entities { get; }

    /// <summary>Counts the vocabulary of the given texts (headline and summary of each article).</summary>
    public static NewsVocabulary From(IEnumerable<Article> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var capitalised = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, int>(StringComparer.Ordinal);
        var runs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            foreach (var text in (string[])[article.Title, article.Summary])
            {
                // Sentences, so that a phrase or a name never runs across a full stop or a " - Outlet" suffix.
                foreach (var sentence in Sentence().Split(text))
                {
                    var tokens = Word().Matches(sentence).Select(m => m.Value).ToList();
                    var run = new List<string>();
                    for (var i = 0; i < tokens.Count; i++)
                    {
                        var token = tokens[i];
                        var lower = token.ToLowerInvariant();
                        var content = IsContent(lower);
                        if (content)
                        {
                            Increment(words, lower);
                            if (char.IsUpper(token[0]))
                            {
                                Increment(capitalised, lower);
                            }

                            if (i > 0 && IsContent(tokens[i - 1].ToLowerInvariant()))
                            {
                                Increment(phrases, tokens[i - 1].ToLowerInvariant() + " " + lower);
                            }
                        }

                        if (char.IsUpper(token[0]) && token.Any(char.IsLower) && content)
                        {
                            run.Add(token);
                        }
                        else
                        {
                            Flush(run, runs);
                        }
                    }

                    Flush(run, runs);
                }
            }
        }

        // A name is a run whose every word is written capitalised at least 80 % of the time ("Zelensky", not "Truce").
        bool IsName(string word) => capitalised.GetValueOrDefault(word.ToLowerInvariant()) * 5 >= words.GetValueOrDefault(word.ToLowerInvariant()) * 4;
        var entities = runs.Where(r => r.Value >= 2 && r.Key.Split(' ').All(IsName)).Select(r => (r.Key, r.Value));

        return new NewsVocabulary(
            Ranked(words.Where(w => w.Value >= 2).Select(w => (w.Key, w.Value))),
            Ranked(phrases.Where(p => p.Value >= 2).Select(p => (p.Key, p.Value))),
            Ranked(entities));
    }

    private static bool IsContent(string lower) => lower.Length >= 3 && !StopWords.Contains(lower) && !lower.All(char.IsDigit);

    private static void Flush(List<string> run, Dictionary<string, int> runs)
    {
        if (run.Count is > 0 and <= 4)
        {
            Increment(runs, string.Join(' ', run));
        }

        run.Clear();
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>Most frequent first, ties in ordinal order, so the ranking (and every draw from it) is reproducible.</summary>
    private static (string, int)[] Ranked(IEnumerable<(string Text, int Count)> counts) =>
        [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Text, StringComparer.Ordinal)];

    [GeneratedRegex(@"\p{L}[\p{L}\p{Mn}\p{Nd}]*(?:['’\-][\p{L}\p{Nd}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"[.!?;:|]\s+|\s[-–—]\s", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();
}
