using Lucene.Net.Index;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search;
using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Watches;
using LuceneQuery = Lucene.Net.Search.Query;

namespace NewsWatcher.Benchmarks.Lucene;

/// <summary>
/// The peer: Lucene.NET 4.8 percolation. Each article goes into a <see cref="MemoryIndex"/> (one document, analysed by
/// <see cref="MirrorTokenizer.Analyzer"/>) and the stored queries, each translated by <see cref="LuceneQueryTranslator"/>,
/// are run against it. Plain, every query runs on every article (the Elasticsearch percolator's way); with the
/// pre-filter, only the queries whose presearch terms occur in the article run (Lucene Monitor's term-filtered
/// presearcher, here with an in-memory term map rather than a query index, which only makes the filter cheaper).
/// </summary>
public sealed class LucenePercolator
{
    private const string EmptyFieldTerm = "\u0001empty";

    private readonly Entry[] _entries;
    private readonly int[] _always;
    private readonly Dictionary<string, int[]> _byKey;
    private readonly bool _indexesSource;
    private readonly bool _indexesLink;

    public LucenePercolator(IReadOnlyList<Watch> watches, bool prefilter)
        : this(watches, Translate(watches), prefilter)
    {
    }

    private LucenePercolator(IReadOnlyList<Watch> watches, Entry[] entries, bool prefilter)
    {
        Prefilter = prefilter;
        _entries = entries;
        var fields = watches.SelectMany(w => FieldsOf(w.Query).Concat(w.Exclude is null ? [] : FieldsOf(w.Exclude))).ToHashSet(StringComparer.Ordinal);
        _indexesSource = fields.Contains(NewsWatcher.Core.Watches.TermQuery.SourceField);
        _indexesLink = fields.Contains(NewsWatcher.Core.Watches.TermQuery.LinkField);

        var always = new List<int>();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        if (prefilter)
        {
            var popularity = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var watch in watches)
            {
                foreach (var key in LuceneQueryTranslator.AllKeys(watch.Query).Distinct(StringComparer.Ordinal))
                {
                    popularity[key] = popularity.GetValueOrDefault(key) + 1;
                }
            }

            for (var w = 0; w < watches.Count; w++)
            {
                if (LuceneQueryTranslator.PresearchKeys(watches[w].Query, popularity) is { } keys)
                {
                    foreach (var key in keys)
                    {
                        (byKey.TryGetValue(key, out var list) ? list : byKey[key] = []).Add(w);
                    }
                }
                else
                {
                    always.Add(w);
                }
            }
        }

        _always = [.. always];
        _byKey = byKey.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    public bool Prefilter { get; }

    /// <summary>Both variants over the same translated queries (translating 100k queries once is enough).</summary>
    public static (LucenePercolator Plain, LucenePercolator Prefiltered) Both(IReadOnlyList<Watch> watches)
    {
        var entries = Translate(watches);
        return (new LucenePercolator(watches, entries, prefilter: false), new LucenePercolator(watches, entries, prefilter: true));
    }

    /// <summary>Queries run on the last article (all of them without the pre-filter).</summary>
    public int LastQueriesRun { get; private set; }

    /// <summary>Indexes of the watches the article matches, ascending.</summary>
    public IReadOnlyList<int> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var index = new MemoryIndex();
        AddField(index, NewsWatcher.Core.Watches.TermQuery.TitleField, article.Title);
        AddField(index, NewsWatcher.Core.Watches.TermQuery.SummaryField, article.Summary);
        if (_indexesSource)
        {
            AddField(index, NewsWatcher.Core.Watches.TermQuery.SourceField, article.FeedId);
        }

        if (_indexesLink)
        {
            var link = article.Link ?? string.Empty;
            var end = link.IndexOfAny(['?', '#']);
            AddField(index, NewsWatcher.Core.Watches.TermQuery.LinkField, end < 0 ? link : link[..end]);
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

        var candidates = new HashSet<int>(_always);
        foreach (var term in IndexedTerms(searcher.IndexReader))
        {
            foreach (var key in LuceneQueryTranslator.ArticleKeys(term))
            {
                if (_byKey.TryGetValue(key, out var watches))
                {
                    candidates.UnionWith(watches);
                }
            }
        }

        LastQueriesRun = candidates.Count;
        foreach (var w in candidates.Order())
        {
            if (Matches(searcher, _entries[w], article))
            {
                matches.Add(w);
            }
        }

        return matches;
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

    private static bool Matches(IndexSearcher searcher, Entry entry, Article article)
    {
        if (entry.Feeds is not null && !entry.Feeds.Contains(article.FeedId ?? string.Empty))
        {
            return false;
        }

        return Hits(searcher, entry.Query) && (entry.Exclude is null || !Hits(searcher, entry.Exclude));
    }

    private static bool Hits(IndexSearcher searcher, LuceneQuery query)
    {
        var collector = new TotalHitCountCollector();
        searcher.Search(query, collector);
        return collector.TotalHits > 0;
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

    private static IEnumerable<string> FieldsOf(NewsWatcher.Core.Watches.Query query) => query switch
    {
        NewsWatcher.Core.Watches.TermQuery term => [term.Field ?? NewsWatcher.Core.Watches.TermQuery.TitleField],
        AndQuery all => all.Operands.SelectMany(FieldsOf),
        OrQuery any => any.Operands.SelectMany(FieldsOf),
        NotQuery not => FieldsOf(not.Operand),
        NearQuery near => FieldsOf(near.Left).Concat(FieldsOf(near.Right)),
        _ => [],
    };

    private sealed record Entry(LuceneQuery Query, LuceneQuery? Exclude, HashSet<string>? Feeds);
}
