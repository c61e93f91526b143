using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Spans;
using NewsWatcher.Core.Matching;
using LuceneQuery = Lucene.Net.Search.Query;
using WatchQuery = NewsWatcher.Core.Matching.Query;
using WatchTermQuery = NewsWatcher.Core.Matching.TermQuery;

namespace NewsWatcher.Benchmarks.Lucene;

/// <summary>
/// Translates a watch query into the equivalent Lucene query over the fields title, summary, source and link: a term
/// becomes a term, phrase or prefix query (or span-near of them) in each field it looks at, with its hyphen and space
/// variants ("cease-fire" also as "ceasefire"); AND/OR/NOT become a Boolean query; NEAR/n and ONEAR/n a span-near
/// query with slop n, unordered or ordered, per field.
/// </summary>
/// <remarks>
/// It also gives the query's presearch tree (<see cref="Tree"/>): which terms an article must contain for the query to
/// possibly match, as Lucene Monitor's query analyzer extracts them, with prefixes keyed by their whole prefix.
/// </remarks>
internal static class LuceneQueryTranslator
{
    public const string PrefixKeyMark = "*";

    /// <summary>Ways of joining adjacent tokens enumerated in full up to this many joints; beyond, only none and all.</summary>
    private const int MaxJointsEnumerated = 3;

    /// <summary>Terms recur across watches; each is cut once.</summary>
    private static readonly ConcurrentDictionary<string, List<IReadOnlyList<(string Text, bool Prefix)>>> VariantCache = new(StringComparer.Ordinal);

    public static LuceneQuery Translate(WatchQuery query)
    {
        switch (query)
        {
            case WatchTermQuery term:
                return Any(Fields(term).Select(f => TermIn(term, f)));
            case AndQuery all:
                var and = new BooleanQuery();
                foreach (var operand in all.Operands)
                {
                    if (operand is NotQuery not)
                    {
                        and.Add(Translate(not.Operand), Occur.MUST_NOT);
                    }
                    else
                    {
                        and.Add(Translate(operand), Occur.MUST);
                    }
                }

                if (all.Operands.All(o => o is NotQuery))
                {
                    and.Add(new MatchAllDocsQuery(), Occur.MUST);
                }

                return and;
            case OrQuery any:
                return Any(any.Operands.Select(Translate));
            case NotQuery not:
                return new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { Translate(not.Operand), Occur.MUST_NOT } };
            case NearQuery near:
                var spans = Any(WatchTermQuery.Fields.Select(f => NearIn(near, f)).OfType<LuceneQuery>());
                if (IsSpanOnly(near.Left) && IsSpanOnly(near.Right))
                {
                    return spans;
                }

                // An operand with AND or NOT inside must hold as a whole too; the span part then checks the distance.
                return new BooleanQuery { { Translate(near.Left), Occur.MUST }, { Translate(near.Right), Occur.MUST }, { spans, Occur.MUST } };
            default:
                throw new ArgumentException($"unsupported query {query}", nameof(query));
        }
    }

    /// <summary>The presearch keys of every token of <paramref name="query"/> (for counting how common each is).</summary>
    public static IEnumerable<string> AllKeys(WatchQuery query) => query switch
    {
        WatchTermQuery term => Variants(term.Text).SelectMany(v => v.Select(Key)),
        AndQuery all => all.Operands.SelectMany(AllKeys),
        OrQuery any => any.Operands.SelectMany(AllKeys),
        NotQuery => [],
        NearQuery near => AllKeys(near.Left).Concat(AllKeys(near.Right)),
        _ => [],
    };

    /// <summary>
    /// The query as Lucene Monitor's query analyzer sees it: a term is a disjunction of its variants, a variant (a
    /// phrase) a conjunction of its tokens, AND and NEAR conjunctions (NOT operands left out, as Monitor ignores
    /// MUST_NOT), OR a disjunction, NOT "any". A key's weight is its rarity among the watches (Monitor's
    /// term-frequency weightor, with the frequencies taken from the watch set).
    /// </summary>
    public static PresearchTree Tree(WatchQuery query, IReadOnlyDictionary<string, int> popularity) => query switch
    {
        WatchTermQuery term => PresearchTree.Disjunction([.. Variants(term.Text).Select(v =>
            PresearchTree.Conjunction([.. v.Select(token => PresearchTree.Leaf(Key(token), 1.0 / Math.Max(1, popularity.GetValueOrDefault(Key(token)))))]))]),
        AndQuery all => PresearchTree.Conjunction([.. all.Operands.Where(o => o is not NotQuery).Select(o => Tree(o, popularity))]),
        OrQuery any => PresearchTree.Disjunction([.. any.Operands.Select(o => Tree(o, popularity))]),
        NearQuery near => PresearchTree.Conjunction([Tree(near.Left, popularity), Tree(near.Right, popularity)]),
        _ => PresearchTree.Any,
    };

    /// <summary>
    /// A token's key: itself, or for a prefix the whole prefix after <see cref="PrefixKeyMark"/>, which an article
    /// term starting with it supplies (the edge n-grams a Monitor <c>CustomQueryHandler</c> would add to the document).
    /// </summary>
    private static string Key((string Text, bool Prefix) token) => token.Prefix ? PrefixKeyMark + token.Text : token.Text;

    private static bool IsSpanOnly(WatchQuery query) => query switch
    {
        WatchTermQuery => true,
        OrQuery any => any.Operands.All(IsSpanOnly),
        _ => false,
    };

    private static IEnumerable<string> Fields(WatchTermQuery term) =>
        term.Field is null ? [WatchTermQuery.TitleField, WatchTermQuery.SummaryField] : [term.Field];

    private static LuceneQuery Any(IEnumerable<LuceneQuery> alternatives)
    {
        var list = alternatives.ToList();
        if (list.Count == 1)
        {
            return list[0];
        }

        var any = new BooleanQuery();
        foreach (var alternative in list)
        {
            any.Add(alternative, Occur.SHOULD);
        }

        return any;
    }

    private static LuceneQuery TermIn(WatchTermQuery term, string field) => Any(Variants(term.Text).Select(variant => variant switch
    {
        [(var text, false)] => new global::Lucene.Net.Search.TermQuery(new Term(field, text)),
        [(var text, true)] => new PrefixQuery(new Term(field, text)),
        _ when variant.All(t => !t.Prefix) => Phrase(field, variant),
        _ => (LuceneQuery)SpanOf(variant, field),
    }));

    private static PhraseQuery Phrase(string field, IReadOnlyList<(string Text, bool Prefix)> tokens)
    {
        var phrase = new PhraseQuery();
        foreach (var (text, _) in tokens)
        {
            phrase.Add(new Term(field, text));
        }

        return phrase;
    }

    private static SpanNearQuery? NearIn(NearQuery near, string field)
    {
        var left = SpansOf(near.Left, field).ToArray();
        var right = SpansOf(near.Right, field).ToArray();
        if (left.Length == 0 || right.Length == 0)
        {
            return null;
        }

        return new SpanNearQuery([SpanAny(left), SpanAny(right)], near.Distance, near.Ordered);
    }

    /// <summary>Every positive term occurrence a query can contribute in <paramref name="field"/>, as span queries (NOT contributes none).</summary>
    private static IEnumerable<SpanQuery> SpansOf(WatchQuery query, string field) => query switch
    {
        WatchTermQuery term when Fields(term).Contains(field) => Variants(term.Text).Select(v => SpanOf(v, field)),
        AndQuery all => all.Operands.SelectMany(o => SpansOf(o, field)),
        OrQuery any => any.Operands.SelectMany(o => SpansOf(o, field)),
        NearQuery near => SpansOf(near.Left, field).Concat(SpansOf(near.Right, field)),
        _ => [],
    };

    private static SpanQuery SpanAny(SpanQuery[] spans) => spans.Length == 1 ? spans[0] : new SpanOrQuery(spans);

    private static SpanQuery SpanOf(IReadOnlyList<(string Text, bool Prefix)> tokens, string field)
    {
        var clauses = tokens.Select(t => t.Prefix
            ? (SpanQuery)new SpanMultiTermQueryWrapper<PrefixQuery>(new PrefixQuery(new Term(field, t.Text)))
            : new SpanTermQuery(new Term(field, t.Text))).ToArray();
        return clauses.Length == 1 ? clauses[0] : new SpanNearQuery(clauses, 0, true);
    }

    /// <summary>
    /// The term's tokens as written, and joined at hyphens and spaces: "cease-fire" is [cease, fire] and [ceasefire].
    /// A token written with a trailing '*' is a prefix; nothing is joined onto a prefix.
    /// </summary>
    private static List<IReadOnlyList<(string Text, bool Prefix)>> Variants(string text) => VariantCache.GetOrAdd(text, ComputeVariants);

    private static List<IReadOnlyList<(string Text, bool Prefix)>> ComputeVariants(string text)
    {
        var tokens = MirrorTokenizer.Tokenize(text).Select(t => (t.Folded, Prefix: t.End < text.Length && text[t.End] == '*')).ToList();
        if (tokens.Count == 0)
        {
            return [];
        }

        var joints = Enumerable.Range(0, Math.Max(0, tokens.Count - 1)).Where(j => !tokens[j].Prefix).ToList();
        var masks = joints.Count <= MaxJointsEnumerated
            ? Enumerable.Range(0, 1 << joints.Count)
            : [0, (1 << MaxJointsEnumerated) - 1];
        var variants = new List<IReadOnlyList<(string, bool)>>();
        foreach (var mask in masks)
        {
            var joined = new HashSet<int>(joints.Count <= MaxJointsEnumerated
                ? joints.Where((_, bit) => (mask & (1 << bit)) != 0)
                : mask == 0 ? [] : joints);
            var variant = new List<(string, bool)>();
            var current = tokens[0];
            for (var t = 1; t < tokens.Count; t++)
            {
                if (joined.Contains(t - 1))
                {
                    current = (current.Folded + tokens[t].Folded, tokens[t].Prefix);
                }
                else
                {
                    variant.Add(current);
                    current = tokens[t];
                }
            }

            variant.Add(current);
            variants.Add(variant);
        }

        return variants;
    }
}
