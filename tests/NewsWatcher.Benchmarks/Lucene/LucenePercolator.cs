using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;
using LuceneQuery = Lucene.Net.Search.Query;

namespace NewsWatcher.Benchmarks.Lucene;

/// <summary>
/// The peer: Lucene.NET 4.8 percolation, set up as a Lucene Monitor user sets it up. Each article goes into a
/// <see cref="MemoryIndex"/> (one document, analysed by <see cref="MirrorTokenizer.Analyzer"/>) and the stored queries,
/// each translated by <see cref="LuceneQueryTranslator"/>, are run against it with an in-order collector, as Monitor's
/// matcher collects (<see cref="MatchCollector"/>). Plain, every query runs on every article (the Elasticsearch
/// percolator's way before 5.0); with the pre-filter, only the queries that Monitor's
/// <c>MultipassTermFilteredPresearcher</c> would select: each watch is keyed on several passes, each pass a different
/// sufficient set of its terms (<see cref="PresearchTree"/>), and runs only when the article has a key of every pass.
/// The presearcher's query index is an in-memory term map here, which only makes the filter cheaper than Monitor's.
/// </summary>
/// <remarks>Matching reuses scratch state: one thread at a time.</remarks>
public sealed class LucenePercolator
{
    /// <summary>
    /// Presearch passes (Monitor leaves the number to the user: more passes select fewer candidates for more memory).
    /// On the 100k benchmark set and the first 200 distinct articles, one pass ran 310 candidates per article, two 112,
    /// three 97, five and more 96: four is past the point where another pass helps.
    /// </summary>
    public const int DefaultPasses = 4;

    private const string EmptyFieldTerm = "\u0001empty";

    private readonly Entry[] _entries;
    private readonly bool _indexesSource;
    private readonly bool _indexesLink;

    // The presearcher: watches keyed by their first pass's keys (key ids), the later passes as key ids per watch.
    private readonly int[] _always = [];
    private readonly int[][] _byKey = [];
    private readonly int[][][] _laterPasses = [];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _termIds;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _prefixIds;
    private readonly int[] _prefixLengths = [];

    // Scratch of one article: which keys it has, which watches were already considered.
    private readonly bool[] _present = [];
    private readonly List<int> _presentIds = [];
    private readonly int[] _considered = [];
    private readonly MatchCollector _collector = new();
    private int _article;

    public LucenePercolator(IReadOnlyList<Watch> watches, bool prefilter, int passes = DefaultPasses)
        : this(watches, Translate(watches), prefilter, passes)
    {
    }

    private LucenePercolator(IReadOnlyList<Watch> watches, Entry[] entries, bool prefilter, int passes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        Prefilter = prefilter;
        Passes = passes;
        _entries = entries;
        var fields = watches.SelectMany(w => FieldsOf(w.Query).Concat(w.Exclude is null ? [] : FieldsOf(w.Exclude))).ToHashSet(StringComparer.Ordinal);
        _indexesSource = fields.Contains(NewsWatcher.Core.Matching.TermQuery.SourceField);
        _indexesLink = fields.Contains(NewsWatcher.Core.Matching.TermQuery.LinkField);
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var prefixIds = new Dictionary<string, int>(StringComparer.Ordinal);
        _termIds = termIds.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixIds = prefixIds.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!prefilter)
        {
            return;
        }

        var popularity = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var watch in watches)
        {
            foreach (var key in LuceneQueryTranslator.AllKeys(watch.Query).Distinct(StringComparer.Ordinal))
            {
                popularity[key] = popularity.GetValueOrDefault(key) + 1;
            }
        }

        int Id(string key)
        {
            var (ids, text) = key.StartsWith(LuceneQueryTranslator.PrefixKeyMark, StringComparison.Ordinal)
                ? (prefixIds, key[LuceneQueryTranslator.PrefixKeyMark.Length..])
                : (termIds, key);
            if (!ids.TryGetValue(text, out var id))
            {
                ids[text] = id = termIds.Count + prefixIds.Count;
            }

            return id;
        }

        var always = new List<int>();
        var byKey = new List<List<int>>();
        _laterPasses = new int[watches.Count][][];
        for (var w = 0; w < watches.Count; w++)
        {
            var tree = LuceneQueryTranslator.Tree(watches[w].Query, popularity);
            var later = new List<int[]>();
            for (var pass = 0; pass < passes; pass++)
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                tree.CollectKeys(keys);
                if (pass == 0 && keys.Contains(PresearchTree.AnyKey))
                {
                    always.Add(w);
                }
                else if (pass == 0)
                {
                    foreach (var id in keys.Select(Id))
                    {
                        while (byKey.Count <= id)
                        {
                            byKey.Add([]);
                        }

                        byKey[id].Add(w);
                    }
                }
                else if (!keys.Contains(PresearchTree.AnyKey))
                {
                    later.Add([.. keys.Select(Id)]);
                }

                // As Monitor: with no next-best route left, further passes would index the same keys again.
                if (!tree.AdvancePhase(minWeight: 0))
                {
                    break;
                }
            }

            _laterPasses[w] = [.. later];
        }

        var keyCount = termIds.Count + prefixIds.Count;
        _always = [.. always];
        _byKey = [.. byKey.Select(l => l.ToArray()), .. Enumerable.Repeat(Array.Empty<int>(), keyCount - byKey.Count)];
        _prefixLengths = [.. prefixIds.Keys.Select(k => k.Length).Distinct().Order()];
        _present = new bool[keyCount];
        _considered = new int[watches.Count];
    }

    public bool Prefilter { get; }

    /// <summary>Presearch passes a watch is keyed on (fewer when its query tree has no further route).</summary>
    public int Passes { get; }

    /// <summary>Both variants over the same translated queries (translating 100k queries once is enough).</summary>
    public static (LucenePercolator Plain, LucenePercolator Prefiltered) Both(IReadOnlyList<Watch> watches, int passes = DefaultPasses)
    {
        var entries = Translate(watches);
        return (new LucenePercolator(watches, entries, prefilter: false, passes), new LucenePercolator(watches, entries, prefilter: true, passes));
    }

    /// <summary>Queries run on the last article (all of them without the pre-filter).</summary>
    public int LastQueriesRun { get; private set; }

    /// <summary>Queries the first presearch pass alone would have run on the last article (a single-pass presearcher's count).</summary>
    public int LastFirstPassCandidates { get; private set; }

    /// <summary>Indexes of the watches the article matches, ascending.</summary>
    public IReadOnlyList<int> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var index = new MemoryIndex();
        AddField(index, NewsWatcher.Core.Matching.TermQuery.TitleField, article.Title);
        AddField(index, NewsWatcher.Core.Matching.TermQuery.SummaryField, article.Summary);
        if (_indexesSource)
        {
            AddField(index, NewsWatcher.Core.Matching.TermQuery.SourceField, article.FeedId);
        }

        if (_indexesLink)
        {
            var link = article.Link ?? string.Empty;
            var end = link.IndexOfAny(['?', '#']);
            AddField(index, NewsWatcher.Core.Matching.TermQuery.LinkField, end < 0 ? link : link[..end]);
        }

        var searcher = index.CreateSearcher();
        var matches = new List<int>();
        if (!Prefilter)
        {
            LastQueriesRun = _entries.Length;
            for (var w = 0; w < _entries.Length; w++)
            {
                if (Matches(searcher, _entries[w], article))
                {
                    matches.Add(w);
                }
            }

            return matches;
        }

        var candidates = Candidates(searcher.IndexReader);
        LastQueriesRun = candidates.Count;
        foreach (var w in candidates)
        {
            if (Matches(searcher, _entries[w], article))
            {
                matches.Add(w);
            }
        }

        return matches;
    }

    /// <summary>The watches the presearcher selects for the article, ascending: keyed under one of its keys on the first pass, with a key of every later pass.</summary>
    private List<int> Candidates(IndexReader reader)
    {
        _article++;
        foreach (var term in IndexedTerms(reader))
        {
            if (_termIds.TryGetValue(term, out var id))
            {
                Present(id);
            }

            foreach (var length in _prefixLengths)
            {
                if (length > term.Length)
                {
                    break;
                }

                if (_prefixIds.TryGetValue(term.AsSpan(0, length), out id))
                {
                    Present(id);
                }
            }
        }

        var firstPass = 0;
        var candidates = new List<int>();
        foreach (var w in _always)
        {
            Consider(w);
        }

        foreach (var id in _presentIds)
        {
            foreach (var w in _byKey[id])
            {
                Consider(w);
            }
        }

        foreach (var id in _presentIds)
        {
            _present[id] = false;
        }

        _presentIds.Clear();
        LastFirstPassCandidates = firstPass;
        candidates.Sort();
        return candidates;

        void Consider(int w)
        {
            if (_considered[w] == _article)
            {
                return;
            }

            _considered[w] = _article;
            firstPass++;
            foreach (var pass in _laterPasses[w])
            {
                if (!pass.Any(k => _present[k]))
                {
                    return;
                }
            }

            candidates.Add(w);
        }
    }

    private void Present(int id)
    {
        if (!_present[id])
        {
            _present[id] = true;
            _presentIds.Add(id);
        }
    }

    private static Entry[] Translate(IReadOnlyList<Watch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        return [.. watches.Select(w => new Entry(
            LuceneQueryTranslator.Translate(w.Query),
            w.Exclude is null ? null : LuceneQueryTranslator.Translate(w.Exclude),
            w.Feeds is { Count: > 0 } feeds ? feeds.ToHashSet(StringComparer.Ordinal) : null))];
    }

    /// <summary>
    /// Indexes a field; an empty one gets a term no query can name, because Lucene.NET's MemoryIndex fails span
    /// queries on a field it never saw (KeyNotFoundException) instead of finding nothing.
    /// </summary>
    private static void AddField(MemoryIndex index, string field, string? text)
    {
        if (text is not null && MirrorTokenizer.HasToken(text))
        {
            index.AddField(field, text, MirrorTokenizer.Analyzer);
        }
        else
        {
            index.AddField(field, index.KeywordTokenStream<string>([EmptyFieldTerm]));
        }
    }

    private bool Matches(IndexSearcher searcher, Entry entry, Article article)
    {
        if (entry.Feeds is not null && !entry.Feeds.Contains(article.FeedId ?? string.Empty))
        {
            return false;
        }

        return Hits(searcher, entry.Query) && (entry.Exclude is null || !Hits(searcher, entry.Exclude));
    }

    private bool Hits(IndexSearcher searcher, LuceneQuery query)
    {
        _collector.Matched = false;
        searcher.Search(query, _collector);
        return _collector.Matched;
    }

    /// <summary>Every distinct term the article's fields were indexed as (tokens and shingles), read back from the index as Monitor does.</summary>
    private static HashSet<string> IndexedTerms(IndexReader reader)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            foreach (var field in atomic.Fields)
            {
                var enumerator = atomic.GetTerms(field)?.GetEnumerator();
                while (enumerator is not null && enumerator.MoveNext())
                {
                    terms.Add(enumerator.Term.Utf8ToString());
                }
            }
        }

        return terms;
    }

    private static IEnumerable<string> FieldsOf(NewsWatcher.Core.Matching.Query query) => query switch
    {
        NewsWatcher.Core.Matching.TermQuery term => [term.Field ?? NewsWatcher.Core.Matching.TermQuery.TitleField],
        AndQuery all => all.Operands.SelectMany(FieldsOf),
        OrQuery any => any.Operands.SelectMany(FieldsOf),
        NotQuery not => FieldsOf(not.Operand),
        NearQuery near => FieldsOf(near.Left).Concat(FieldsOf(near.Right)),
        _ => [],
    };

    /// <summary>
    /// Notes that the one document matched, taking hits in document order as Monitor's matcher (a plain collector)
    /// does. Lucene.NET 4.8 answers a collector that accepts documents out of order (TotalHitCountCollector does) with
    /// the bulk BooleanScorer for every pure-SHOULD query, with its 2,048-slot bucket tables allocated per query: on the
    /// 100k benchmark set about 40 µs and 215 KB per candidate, against 5.6 µs and 10 KB in order (BooleanScorer2).
    /// </summary>
    private sealed class MatchCollector : ICollector
    {
        public bool Matched { get; set; }

        public bool AcceptsDocsOutOfOrder => false;

        public void Collect(int doc) => Matched = true;

        public void SetNextReader(AtomicReaderContext context)
        {
        }

        public void SetScorer(Scorer scorer)
        {
        }
    }

    private sealed record Entry(LuceneQuery Query, LuceneQuery? Exclude, HashSet<string>? Feeds);
}
