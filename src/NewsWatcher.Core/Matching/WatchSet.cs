using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>The compiled watch rules; matches an article against all of them at once.</summary>
/// <remarks>
/// Every distinct term of every watch goes into one <see cref="TermAutomaton"/>, built here once. Per article each field
/// is tokenised once and walked once; only the watches whose terms occurred (the candidates) then have their Boolean
/// structure evaluated. The cost therefore grows with the terms that occur, not with the number of watches.
/// </remarks>
public sealed class WatchSet
{
    /// <summary>Occurrences of one term a match explains per field: enough for a reader to see why, and for highlighting.</summary>
    public const int MaxSpansPerTerm = 3;

    /// <summary>Matched-term spans one match carries at most, title first; they travel with every queued item.</summary>
    public const int MaxSpansPerMatch = 30;

    /// <summary>From this many plain-term alternatives an OR is tested on the bitmap of present terms (<see cref="AnyTermNode"/>).</summary>
    private const int AnyTermMinimum = 4;

    /// <summary>Occurrences of one term looked at per article field; later ones (only a pathological text has them) are ignored.</summary>
    public const int MaxHitsPerTerm = 1000;

    private readonly TermAutomaton _automaton = new();
    private readonly Dictionary<TermQuery, int> _termIds = [];
    private readonly List<TermQuery> _terms = [];
    private readonly List<int> _termFields = [];
    private readonly CompiledWatch[] _compiled;
    private readonly int[] _alwaysCandidates;
    private readonly int[] _postingStart;
    private readonly int[] _postings;
    private readonly bool _scansSource;
    private readonly bool _scansLink;

    /// <summary>
    /// Each thread keeps the scratches of the two sets it last matched with (the watches and the stage cues take turns
    /// on a matched article); matching allocates one only on a change of set.
    /// </summary>
    [ThreadStatic]
    private static MatchScratch? t_scratch;

    [ThreadStatic]
    private static MatchScratch? t_previous;

    public WatchSet(IReadOnlyList<Watch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        Watches = watches;
        _compiled = new CompiledWatch[watches.Count];
        for (var w = 0; w < watches.Count; w++)
        {
            var watch = watches[w];
            var query = Compile(watch.Id, watch.Query);
            var exclude = watch.Exclude is null ? null : Compile(watch.Id, watch.Exclude);
            var feeds = watch.Feeds is { Count: > 0 } list ? list.ToHashSet(StringComparer.Ordinal) : null;
            _compiled[w] = new CompiledWatch(watch, query, exclude, feeds);
        }

        _automaton.Freeze();

        // Each watch is indexed, presearcher-style, under the terms of one required group (the rarest across watches:
        // the country in "@accepting @truce Ukraine", not the truce words every watch shares): an article visits only
        // the postings of terms it contains. Each posting carries, inline, the watch's other conditions on terms
        // (groups of which one must occur, terms that must not), checked on the spot against the terms that
        // occurred, so a watch becomes a candidate only when they all hold, without any per-watch state. A watch that
        // is exactly such conditions (no NEAR or feed limit) is then a match with nothing left to evaluate.
        var popularity = new int[_terms.Count];
        foreach (var watch in watches)
        {
            foreach (var term in TermsOf(watch.Query).Distinct())
            {
                popularity[_termIds[term]]++;
            }
        }

        var simple = Enumerable.Range(0, _terms.Count).Select(_ => new List<int>()).ToArray();
        var complex = Enumerable.Range(0, _terms.Count).Select(_ => new List<int>()).ToArray();
        var always = new List<int>();
        var posting = new List<int>();
        for (var w = 0; w < watches.Count; w++)
        {
            var exact = _compiled[w].Feeds is null ? ExactConditions(watches[w]) : null;
            var groups = exact?.Required ?? TriggerGroups(watches[w].Query, popularity);
            if (groups is null || groups.Count == 0)
            {
                always.Add(w << 1);
                continue;
            }

            // The posting's watch carries, in its low bit, whether finding it is the match (read with no other lookup).
            var candidate = (w << 1) | (exact is null ? 0 : 1);
            groups = [.. groups.Select(g => g.Distinct().ToList()).OrderBy(g => g.Sum(id => popularity[id]))];
            posting.Clear();
            var kind = MatchScratch.WritePosting(posting, candidate, groups.Skip(1), exact?.Forbidden.Distinct() ?? [], alwaysTerm: _terms.Count) ? simple : complex;
            foreach (var term in groups[0])
            {
                kind[term].AddRange(posting);
            }
        }

        (_postingStart, _postings) = MatchScratch.LayOutPostings(simple, complex);
        _alwaysCandidates = [.. always];
        _scansSource = _termFields.Any(f => (f & (1 << (int)MatchField.Source)) != 0);
        _scansLink = _termFields.Any(f => (f & (1 << (int)MatchField.Link)) != 0);
    }

    public IReadOnlyList<Watch> Watches { get; }

    /// <summary>Distinct terms across all watches (each compiled once).</summary>
    public int TermCount => _terms.Count;

    /// <summary>Every watch the article matches, in watch order, each with the terms that matched and where.</summary>
    /// <remarks>The terms are worked out when a match's <see cref="WatchMatch.Terms"/> is first read, for all of the article's matches at once.</remarks>
    public IReadOnlyList<WatchMatch> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var scratch = Rent();
        try
        {
            Scan(scratch, article, wake: true);
            var candidates = scratch.CollectCandidates(_alwaysCandidates);
            if (candidates.Length == 0)
            {
                return [];
            }

            var matched = scratch.Matched;
            matched.Clear();
            var previous = -1;
            foreach (var candidate in candidates)
            {
                if (candidate == previous)
                {
                    continue;
                }

                previous = candidate;
                var w = candidate >> 1;
                if ((candidate & 1) != 0 || Holds(scratch, _compiled[w], article))
                {
                    matched.Add(w);
                }
            }

            if (matched.Count == 0)
            {
                return [];
            }

            var explanation = new ArticleExplanation(this, article, [.. matched]);
            var matches = new WatchMatch[matched.Count];
            for (var i = 0; i < matches.Length; i++)
            {
                matches[i] = new WatchMatch(explanation, i);
            }

            return matches;
        }
        finally
        {
            Return(scratch);
        }
    }

    /// <summary>The terms behind each of <paramref name="watches"/> (all of which matched <paramref name="article"/>), in the same order.</summary>
    internal MatchedTerm[][] Explain(Article article, int[] watches)
    {
        var scratch = Rent();
        try
        {
            Scan(scratch, article, wake: false);
            var terms = new MatchedTerm[watches.Length][];
            for (var i = 0; i < watches.Length; i++)
            {
                scratch.Spans.Clear();
                var held = _compiled[watches[i]].Query.Evaluate(scratch);
                terms[i] = held ? Explain(scratch, scratch.Spans.Count) : [];
            }

            return terms;
        }
        finally
        {
            Return(scratch);
        }
    }

    /// <summary>Whether a candidate that is not decided by its index alone matches: its feeds, query and exclusion, without collecting spans.</summary>
    private static bool Holds(MatchScratch scratch, CompiledWatch compiled, Article article)
    {
        if (compiled.Feeds is not null && !compiled.Feeds.Contains(article.FeedId ?? string.Empty))
        {
            return false;
        }

        scratch.Spans.Clear();
        return compiled.Query.Test(scratch) && (compiled.Exclude is null || !compiled.Exclude.Test(scratch));
    }

    /// <summary>Tokenises and walks every field of <paramref name="article"/> a term of this set can look at.</summary>
    private void Scan(MatchScratch scratch, Article article, bool wake)
    {
        scratch.Begin(wake);
        Scan(scratch, MatchField.Title, article.Headline);
        Scan(scratch, MatchField.Summary, article.Summary ?? string.Empty);
        if (_scansSource)
        {
            Scan(scratch, MatchField.Source, article.FeedId ?? string.Empty);
        }

        if (_scansLink && article.Link is { } link)
        {
            Scan(scratch, MatchField.Link, link, LinkEnd(link));
        }
    }

    /// <summary>A link is matched on its scheme, host and path; the query string and fragment are noise.</summary>
    private static int LinkEnd(string link)
    {
        var end = link.IndexOfAny(['?', '#']);
        return end < 0 ? link.Length : end;
    }

    private static string FieldName(MatchField field) => field switch
    {
        MatchField.Title => TermQuery.TitleField,
        MatchField.Summary => TermQuery.SummaryField,
        MatchField.Source => TermQuery.SourceField,
        _ => TermQuery.LinkField,
    };

    private MatchedTerm[] Explain(MatchScratch scratch, int count)
    {
        var spans = scratch.Spans;
        if (count > MatchScratch.SmallExplain)
        {
            return ExplainMany(spans, count);
        }

        // Few spans (the usual case): a stable insertion sort by field, start and end, and duplicates dropped, without allocating.
        var sorted = scratch.ExplainBuffer;
        var unique = 0;
        for (var i = 0; i < count; i++)
        {
            var span = spans[i];
            var at = unique;
            while (at > 0 && Before(span, sorted[at - 1]))
            {
                at--;
            }

            var duplicate = false;
            for (var j = at - 1; j >= 0 && SamePlace(sorted[j], span); j--)
            {
                duplicate |= sorted[j].Term == span.Term;
            }

            if (duplicate)
            {
                continue;
            }

            Array.Copy(sorted, at, sorted, at + 1, unique - at);
            sorted[at] = span;
            unique++;
        }

        var terms = new MatchedTerm[unique];
        for (var i = 0; i < unique; i++)
        {
            var span = sorted[i];
            terms[i] = new MatchedTerm(_terms[span.Term].Text, FieldName(span.Field), span.Start, span.End - span.Start);
        }

        return terms;

        static bool Before(Span a, Span b) =>
            a.Field != b.Field ? a.Field < b.Field : a.Start != b.Start ? a.Start < b.Start : a.End < b.End;

        static bool SamePlace(Span a, Span b) => a.Field == b.Field && a.Start == b.Start && a.End == b.End;
    }

    private MatchedTerm[] ExplainMany(List<Span> spans, int count)
    {
        var terms = new List<MatchedTerm>(Math.Min(count, MaxSpansPerMatch));
        var seen = new HashSet<(int, MatchField, int, int)>();
        var perTerm = new Dictionary<(int, MatchField), int>();
        foreach (var span in spans.Take(count).OrderBy(s => s.Field).ThenBy(s => s.Start).ThenBy(s => s.End))
        {
            if (terms.Count == MaxSpansPerMatch)
            {
                break;
            }

            var kept = perTerm.GetValueOrDefault((span.Term, span.Field));
            if (kept < MaxSpansPerTerm && seen.Add((span.Term, span.Field, span.Start, span.End)))
            {
                perTerm[(span.Term, span.Field)] = kept + 1;
                terms.Add(new MatchedTerm(_terms[span.Term].Text, FieldName(span.Field), span.Start, span.End - span.Start));
            }
        }

        return [.. terms];
    }

    private void Scan(MatchScratch scratch, MatchField field, string text, int end = -1)
    {
        var fieldText = scratch.Fields[(int)field];
        fieldText.Reset(field, text, end < 0 ? text.Length : end);
        _automaton.Scan(fieldText, scratch);
        scratch.AddFound(fieldText);
    }

    private MatchScratch Rent()
    {
        var scratch = t_scratch;
        if (scratch?.Owner == this)
        {
            t_scratch = null; // taken: a re-entrant call on this thread gets its own
            return scratch;
        }

        scratch = t_previous;
        if (scratch?.Owner == this)
        {
            t_previous = null;
            return scratch;
        }

        scratch = new MatchScratch(this, _terms.Count, _compiled.Length, _postingStart, _postings);
        scratch.SetTermFields(_termFields);
        return scratch;
    }

    private static void Return(MatchScratch scratch)
    {
        if (t_scratch is { } other && other.Owner != scratch.Owner)
        {
            t_previous = other;
        }

        t_scratch = scratch;
    }

    private static IEnumerable<TermQuery> TermsOf(Query query) => query switch
    {
        TermQuery term => [term],
        AndQuery all => all.Operands.SelectMany(TermsOf),
        OrQuery any => any.Operands.SelectMany(TermsOf),
        NotQuery not => TermsOf(not.Operand),
        NearQuery near => TermsOf(near.Left).Concat(TermsOf(near.Right)),
        _ => [],
    };

    /// <summary>
    /// The conditions on terms that decide <paramref name="watch"/> exactly: groups of which one term must occur (terms,
    /// ORs of terms, ANDs of those) and terms that must not (NOT of those, and an exclusion that is a term or an OR of
    /// terms); null for a watch that needs evaluating (NEAR, an OR of ANDs, no required group).
    /// </summary>
    private (List<List<int>> Required, List<int> Forbidden)? ExactConditions(Watch watch)
    {
        var required = new List<List<int>>();
        var forbidden = new List<int>();
        if (!Collect(watch.Query) || required.Count == 0)
        {
            return null;
        }

        if (watch.Exclude is not null)
        {
            if (Alternatives(watch.Exclude) is not { } excluded)
            {
                return null;
            }

            forbidden.AddRange(excluded);
        }

        return (required, forbidden);

        bool Collect(Query part)
        {
            switch (part)
            {
                case AndQuery { Operands.Count: > 0 } all:
                    return all.Operands.All(Collect);
                case NotQuery not when Alternatives(not.Operand) is { } absent:
                    forbidden.AddRange(absent);
                    return true;
                case TermQuery or OrQuery when Alternatives(part) is { } terms:
                    required.Add(terms);
                    return true;
                default:
                    return false;
            }
        }

        List<int>? Alternatives(Query part)
        {
            switch (part)
            {
                case TermQuery term:
                    return [_termIds[term]];
                case OrQuery { Operands.Count: > 0 } any:
                    var terms = new List<int>();
                    foreach (var operand in any.Operands)
                    {
                        if (Alternatives(operand) is not { } inner)
                        {
                            return null;
                        }

                        terms.AddRange(inner);
                    }

                    return terms;
                default:
                    return null;
            }
        }
    }

    /// <summary>Up to <see cref="MatchScratch.MaxGroups"/> sets of term ids, each of which must have one occurring term for <paramref name="query"/> to hold; null when it can hold with none.</summary>
    private List<List<int>>? TriggerGroups(Query query, int[] popularity)
    {
        IEnumerable<Query> operands = query switch
        {
            AndQuery all => all.Operands,
            NearQuery near => [near.Left, near.Right],
            _ => [query],
        };
        var groups = operands.Select(o => Triggers(o, popularity)).OfType<List<int>>()
            .OrderBy(t => t.Sum(id => popularity[id]))
            .Take(MatchScratch.MaxGroups)
            .ToList();
        return groups.Count == 0 ? null : groups;
    }

    /// <summary>Term ids of which at least one must occur for <paramref name="query"/> to hold; null when it can hold with none (NOT x).</summary>
    private List<int>? Triggers(Query query, int[] popularity)
    {
        switch (query)
        {
            case TermQuery term:
                return [_termIds[term]];
            case OrQuery any:
                var union = new List<int>();
                foreach (var operand in any.Operands)
                {
                    if (Triggers(operand, popularity) is not { } part)
                    {
                        return null;
                    }

                    union.AddRange(part);
                }

                return union;
            case AndQuery all:
                return all.Operands.Select(o => Triggers(o, popularity)).OfType<List<int>>().MinBy(t => t.Sum(id => popularity[id]));
            case NearQuery near:
                return new[] { Triggers(near.Left, popularity), Triggers(near.Right, popularity) }.OfType<List<int>>().MinBy(t => t.Sum(id => popularity[id]));
            default:
                return null;
        }
    }

    private QueryNode Compile(string watchId, Query query) => query switch
    {
        TermQuery term => new TermNode(TermId(watchId, term)),
        AndQuery all when all.Operands.Count > 0 => new AndNode([.. all.Operands.Select(o => Compile(watchId, o))]),
        OrQuery { Operands.Count: >= AnyTermMinimum } any when any.Operands.All(o => o is TermQuery) =>
            new AnyTermNode([.. any.Operands.Cast<TermQuery>().Select(t => TermId(watchId, t))]),
        OrQuery any when any.Operands.Count > 0 => new OrNode([.. any.Operands.Select(o => Compile(watchId, o))]),
        NotQuery not => new NotNode(Compile(watchId, not.Operand)),
        NearQuery { Distance: >= 0 } near => new NearNode(Compile(watchId, near.Left), Compile(watchId, near.Right), near.Distance, near.Ordered),
        _ => throw new ArgumentException($"watch '{watchId}': unsupported or empty query node {query}", nameof(query)),
    };

    private int TermId(string watchId, TermQuery term)
    {
        if (!_termIds.TryGetValue(term, out var id))
        {
            var mask = term.Field switch
            {
                null => (1 << (int)MatchField.Title) | (1 << (int)MatchField.Summary),
                TermQuery.TitleField => 1 << (int)MatchField.Title,
                TermQuery.SummaryField => 1 << (int)MatchField.Summary,
                TermQuery.SourceField => 1 << (int)MatchField.Source,
                TermQuery.LinkField => 1 << (int)MatchField.Link,
                _ => throw new ArgumentException($"watch '{watchId}': term '{term.Text}' has unknown field '{term.Field}'", nameof(term)),
            };
            var key = TermKey.TryCompile(term.Text, out var error, out _)
                ?? throw new ArgumentException($"watch '{watchId}': term '{term.Text}': {error}", nameof(term));
            id = _terms.Count;
            _termIds[term] = id;
            _terms.Add(term);
            _termFields.Add(mask);
            _automaton.Add(key, id);
        }

        return id;
    }

    private sealed record CompiledWatch(Watch Watch, QueryNode Query, QueryNode? Exclude, HashSet<string>? Feeds);
}
