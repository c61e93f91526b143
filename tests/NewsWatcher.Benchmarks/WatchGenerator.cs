using System.Globalization;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// Realistic, diverse watch sets for benchmarks: each watch is written in the query language from the vocabulary of
/// real news (words, phrases and named entities drawn by frequency), mixing the language's features in the proportions
/// below. Seeded: the same vocabulary, size and seed give the same watches, query for query.
/// </summary>
/// <remarks>
/// Shapes (share of watches): a named entity alone 10 %; two terms 25 %; three terms 13 %; an OR group and a term 14 %;
/// NEAR/n 8 % and ONEAR/n 2 %; a term list and a term 7 %; a field scope 7 %; a NOT term 8 %; a phrase with an
/// alternative 6 %. A term is a word 45 %, a phrase 15 %, a named entity 30 % or a prefix (<c>negotiat*</c>) 10 %.
/// 8 % of watches carry an exclusion. Words are drawn with weight count^0.5 (frequent words are chosen more often,
/// as editors do, without every watch naming the same ten words).
/// </remarks>
public sealed class WatchGenerator
{
    private const double FrequencyExponent = 0.5;
    private static readonly HashSet<string> Operators = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "near", "onear" };

    private readonly Pool _words;
    private readonly Pool _phrases;
    private readonly Pool _entities;
    private readonly Pool _prefixable;

    public WatchGenerator(NewsVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _words = new Pool(vocabulary.Words);
        _phrases = new Pool(vocabulary.Phrases);
        _entities = new Pool(vocabulary.Entities);
        _prefixable = new Pool([.. vocabulary.Words.Where(w => w.Text.Length >= 6 && w.Text.All(char.IsLetter))]);
        if (_words.Count == 0 || _phrases.Count == 0 || _entities.Count == 0 || _prefixable.Count == 0)
        {
            throw new ArgumentException("the vocabulary has no words, phrases or entities to draw from", nameof(vocabulary));
        }
    }

    /// <summary>Named term lists the watches use as <c>@name</c>, as written in watches.yaml.</summary>
    public static int ListCount(int watches) => Math.Clamp(watches / 1000, 10, 1000);

    /// <summary><paramref name="count"/> watches from <paramref name="seed"/>; the queries as text come with them for inspection.</summary>
    public GeneratedWatches Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var lists = new Dictionary<string, Query>(StringComparer.Ordinal);
        var listTexts = new List<string>();
        for (var l = 0; l < ListCount(count); l++)
        {
            var items = Enumerable.Range(0, random.Next(3, 9)).Select(_ => Term(random, allowPrefix: true)).Distinct(StringComparer.Ordinal).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"list{l}");
            lists[name] = new OrQuery([.. items.Select(i => QueryParser.ParseTerm(i))]);
            listTexts.Add($"{name}: [{string.Join(", ", items)}]");
        }

        var watches = new Watch[count];
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            var text = QueryText(random, lists.Count);
            var exclude = random.Next(100) < 8 ? (random.Next(2) == 0 ? Term(random, allowPrefix: true) : $"({Term(random, allowPrefix: true)} OR {Term(random, allowPrefix: true)})") : null;
            texts[i] = exclude is null ? text : $"{text}   exclude: {exclude}";
            watches[i] = new Watch(
                string.Create(CultureInfo.InvariantCulture, $"w{i}"),
                string.Create(CultureInfo.InvariantCulture, $"Watch {i}"),
                WatchesFile.Categories[i % WatchesFile.Categories.Count],
                random.Next(100) < 5 ? WatchPriority.Urgent : WatchPriority.Normal,
                QueryParser.Parse(text, lists),
                Exclude: exclude is null ? null : QueryParser.Parse(exclude, lists));
        }

        return new GeneratedWatches(watches, texts, listTexts);
    }

    private string QueryText(Random random, int listCount)
    {
        string T() => Term(random, allowPrefix: true);
        var shape = random.Next(100);
        return shape switch
        {
            < 10 => Quote(_entities.Draw(random)),
            < 35 => $"{T()} {T()}",
            < 48 => $"{T()} {T()} {T()}",
            < 62 => $"({string.Join(" OR ", Enumerable.Range(0, random.Next(2, 5)).Select(_ => T()))}) {T()}",
            < 70 => Near(random, "NEAR", random.Next(1, 11)),
            < 72 => Near(random, "ONEAR", random.Next(1, 6)),
            < 79 => $"@list{random.Next(listCount)} {T()}",
            < 86 => random.Next(2) == 0
                ? $"{Scope(random)}:{T()} {T()}"
                : $"{Scope(random)}:({T()} OR {T()}) {T()}",
            < 94 => random.Next(2) == 0 ? $"{T()} {T()} NOT {T()}" : $"{T()} {T()} -{T()}",
            _ => $"{Quote(_phrases.Draw(random))} ({T()} OR {Quote(_entities.Draw(random))})",
        };
    }

    /// <summary>Two different terms near each other ("truce NEAR/5 truce" is no rule anyone writes).</summary>
    private string Near(Random random, string op, int distance)
    {
        var left = Term(random, allowPrefix: true);
        var right = Term(random, allowPrefix: true);
        while (right == left)
        {
            right = Term(random, allowPrefix: true);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{left} {op}/{distance} {right}");
    }

    private static string Scope(Random random) => random.Next(3) == 0 ? TermQuery.SummaryField : TermQuery.TitleField;

    private string Term(Random random, bool allowPrefix)
    {
        var kind = random.Next(100);
        if (kind < 45 || (!allowPrefix && kind >= 90))
        {
            return Quote(_words.Draw(random));
        }

        if (kind < 60)
        {
            return Quote(_phrases.Draw(random));
        }

        if (kind < 90)
        {
            return Quote(_entities.Draw(random));
        }

        // A prefix keeps at least four letters and drops one to three: "negotiat*", "ceasefir*".
        var word = _prefixable.Draw(random);
        var keep = random.Next(Math.Max(4, word.Length - 3), word.Length);
        return word[..keep] + "*";
    }

    /// <summary>Bare when the language reads it as one plain word, quoted otherwise (phrases, names with joiners, operator words).</summary>
    private static string Quote(string term) =>
        term.All(char.IsLetter) && !Operators.Contains(term) ? term : "\"" + term.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";

    /// <summary>Texts drawn with weight count^<see cref="FrequencyExponent"/> by binary search over the cumulative weights.</summary>
    private sealed class Pool
    {
        private readonly string[] _texts;
        private readonly double[] _cumulative;

        public Pool(IReadOnlyList<(string Text, int Count)> counts)
        {
            _texts = [.. counts.Select(c => c.Text)];
            _cumulative = new double[counts.Count];
            var total = 0.0;
            for (var i = 0; i < counts.Count; i++)
            {
                total += Math.Pow(counts[i].Count, FrequencyExponent);
                _cumulative[i] = total;
            }
        }

        public int Count => _texts.Length;

        public string Draw(Random random)
        {
            var target = random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, target);
            return _texts[Math.Min(index < 0 ? ~index : index, _texts.Length - 1)];
        }
    }
}
