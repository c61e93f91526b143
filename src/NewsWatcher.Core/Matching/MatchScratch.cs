using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// Per-article working memory of a <see cref="WatchSet"/>: the tokenised fields, every term hit (chained per term),
/// and the candidate watches. Pooled and reset by stamping, so a match allocates almost nothing.
/// </summary>
internal sealed class MatchScratch
{
    /// <summary>A watch is indexed under at most this many trigger groups when its query needs evaluating anyway.</summary>
    public const int MaxGroups = 2;

    /// <summary>
    /// Writes a watch's posting: the candidate, then the conditions besides its indexed group. Up to two terms that
    /// must occur make a simple posting, exactly two ints (the term that always occurs fills a gap), tested without a
    /// branch; anything else is a complex posting: its length, then literals of clauses, each clause holding when one of
    /// its literals does. A literal is (term &lt;&lt; 2) | (2 when the term must not occur) | (1 when it ends its clause).
    /// Each term's simple postings are laid out before its complex ones (<see cref="LayOutPostings"/>), so neither loop
    /// has to ask which kind comes next.
    /// </summary>
    /// <returns>Whether the posting is simple.</returns>
    public static bool WritePosting(List<int> posting, int candidate, IEnumerable<IReadOnlyList<int>> groups, IEnumerable<int> forbidden, int alwaysTerm)
    {
        var required = groups.ToList();
        var absent = forbidden.ToList();
        posting.Add(candidate);
        if (absent.Count == 0 && required.Count <= 2 && required.All(g => g.Count == 1))
        {
            posting.Add(required.Count > 0 ? required[0][0] : alwaysTerm);
            posting.Add(required.Count > 1 ? required[1][0] : alwaysTerm);
            return true;
        }

        var literals = new List<int>();
        foreach (var group in required)
        {
            for (var i = 0; i < group.Count; i++)
            {
                literals.Add((group[i] << 2) | (i == group.Count - 1 ? 1 : 0));
            }
        }

        foreach (var term in absent)
        {
            literals.Add((term << 2) | 2 | 1);
        }

        posting.Add(literals.Count);
        posting.AddRange(literals);
        return false;
    }

    /// <summary>
    /// Every term's postings in one flat array, side by side (visiting a term reads one run, not an array of its own):
    /// the count of its simple ones, those, then its complex ones. A term no watch is indexed under has none.
    /// </summary>
    /// <returns>Where each term's postings start in Postings (and end, at the next term's start), and the postings.</returns>
    public static (int[] Start, int[] Postings) LayOutPostings(IReadOnlyList<List<int>> simple, IReadOnlyList<List<int>> complex)
    {
        var start = new int[simple.Count + 1];
        for (var t = 0; t < simple.Count; t++)
        {
            var length = simple[t].Count + complex[t].Count;
            start[t + 1] = start[t] + (length == 0 ? 0 : 1 + length);
        }

        var postings = new int[start[^1]];
        for (var t = 0; t < simple.Count; t++)
        {
            if (start[t + 1] > start[t])
            {
                postings[start[t]] = simple[t].Count / 3;
                simple[t].CopyTo(postings, start[t] + 1);
                complex[t].CopyTo(postings, start[t] + 1 + simple[t].Count);
            }
        }

        return (start, postings);
    }

    /// <summary>Spans explained without allocating beyond the result; more take the general path.</summary>
    public const int SmallExplain = 64;

    /// <summary>Everything a hit reads or writes about its term, side by side: one cache line, not five arrays.</summary>
    private readonly TermState[] _termState;

    /// <summary>One bit per term that occurred in this article: small enough to stay in the first-level cache for the rest checks.</summary>
    private readonly ulong[] _present;
    private readonly List<int> _seen = [];
    private readonly int[] _postingStart;
    private readonly int[] _postings;
    private readonly List<int> _occurred = [];
    private Hit[] _hits = new Hit[64];
    private Occurrence[] _found = new Occurrence[64];

    /// <summary>Watches whose conditions held (as the watch shifted left, low bit set when that is the match).</summary>
    private int[] _candidates = new int[256];
    private int[] _sortBuffer = [];
    private readonly int _candidateBits;

    /// <summary>A term id past the last term whose bit is always set: the filler of a simple posting.</summary>
    private readonly int _alwaysTerm;
    private int _foundCount;
    private int _stamp;
    private bool _wake;

    /// <param name="postingStart">Where each term's postings start in <paramref name="postings"/> (and end, at the next term's start).</param>
    /// <param name="postings">Every term's postings, one after the other.</param>
    /// <param name="watchCount">How many watches there are: bounds the candidates to sort.</param>
    public MatchScratch(object owner, int termCount, int watchCount, int[] postingStart, int[] postings)
    {
        Owner = owner;
        var folds = new FoldCache();
        Fields = [new(folds), new(folds), new(folds), new(folds)];
        _candidateBits = 64 - BitOperations.LeadingZeroCount((ulong)watchCount << 1 | 1);
        _termState = new TermState[termCount];
        _present = new ulong[(termCount + 64) / 64];
        _alwaysTerm = termCount;
        _present[_alwaysTerm >> 6] = 1UL << _alwaysTerm;
        _postingStart = postingStart;
        _postings = postings;
        for (var t = 0; t < termCount; t++)
        {
            _termState[t].PostingStart = postingStart[t + 1] > postingStart[t] ? postingStart[t] : -1;
        }
    }

    /// <summary>The <see cref="WatchSet"/> this scratch is sized for.</summary>
    public object Owner { get; }

    /// <summary>Sets the bit mask of <see cref="MatchField"/>s each term may match in; once, by the owner.</summary>
    public void SetTermFields(IReadOnlyList<int> fields)
    {
        for (var t = 0; t < fields.Count; t++)
        {
            _termState[t].Fields = (byte)fields[t];
        }
    }

    /// <summary>One per <see cref="MatchField"/>, sharing one cache of folded words.</summary>
    public FieldText[] Fields { get; }

    public TermAutomaton.WalkStack WalkStack { get; } = new();

    /// <summary>The article's matched watches, in watch order.</summary>
    public List<int> Matched { get; } = [];

    public List<Span> Spans { get; } = [];

    /// <summary>Sorting room for explaining a match's spans.</summary>
    public Span[] ExplainBuffer { get; } = new Span[SmallExplain];

    public int HitCount { get; private set; }

    /// <summary>Starts an article; with <paramref name="wake"/> the terms that occur collect candidate watches.</summary>
    public void Begin(bool wake)
    {
        if (++_stamp == int.MaxValue)
        {
            // After two billion articles the stamps wrap: forget them all rather than see an old one as current.
            for (var t = 0; t < _termState.Length; t++)
            {
                _termState[t].Stamp = 0;
            }

            _stamp = 1;
        }

        foreach (var term in _seen)
        {
            _present[term >> 6] = 0;
        }

        _present[_alwaysTerm >> 6] |= 1UL << _alwaysTerm;

        _seen.Clear();
        _wake = wake;
        _foundCount = 0; // nothing left over from a scan that did not finish
        HitCount = 0;
        _occurred.Clear();
        Spans.Clear();
    }

    /// <summary>
    /// An occurrence the automaton found in the field being scanned. It is recorded once the field is scanned
    /// (<see cref="AddFound"/>), and its term's state is fetched meanwhile: with many terms that state is a cache miss,
    /// which the scan then overlaps instead of waiting for.
    /// </summary>
    public void Found(int term, int firstToken, int lastToken)
    {
        if (_foundCount == _found.Length)
        {
            Array.Resize(ref _found, _found.Length * 2);
        }

        _found[_foundCount++] = new Occurrence(term, firstToken, lastToken);
        Prefetch(ref _termState[term]);
    }

    /// <summary>Records the occurrences found in <paramref name="field"/>, in the order found.</summary>
    public void AddFound(FieldText field)
    {
        for (var i = 0; i < _foundCount; i++)
        {
            var found = _found[i];
            AddHit(found.Term, field, found.FirstToken, found.LastToken);
        }

        _foundCount = 0;
    }

    private void AddHit(int term, FieldText field, int firstToken, int lastToken)
    {
        ref var state = ref _termState[term];
        if ((state.Fields & (1 << (int)field.Field)) == 0)
        {
            return;
        }

        // Bounded per term and field: fields are scanned one after the other, so a change of field restarts the count.
        if (state.Stamp == _stamp && state.HitField == field.Field && state.Hits >= WatchSet.MaxHitsPerTerm)
        {
            return;
        }

        if (HitCount == _hits.Length)
        {
            Array.Resize(ref _hits, _hits.Length * 2);
        }

        var first = field[firstToken];
        var last = field[lastToken];
        var span = new Span(term, field.Field, first.Word, last.Word, first.Start, last.End);
        if (state.Stamp != _stamp)
        {
            state.Stamp = _stamp;
            state.Head = -1;
            state.Hits = 0;
            state.HitField = field.Field;
            _present[term >> 6] |= 1UL << term;
            _seen.Add(term);
            if (_wake && state.PostingStart >= 0)
            {
                _occurred.Add(term);
                PrefetchPostings(state.PostingStart, _postingStart[term + 1]);
            }
        }

        _hits[HitCount] = new Hit(span, state.Head);
        state.Head = HitCount++;
        state.Hits = state.HitField == field.Field ? (ushort)(state.Hits + 1) : (ushort)1;
        state.HitField = field.Field;
    }

    /// <summary>Whether <paramref name="term"/> occurred in the article (in a field it may match in).</summary>
    public bool Has(int term) => (_present[term >> 6] & (1UL << term)) != 0;

    /// <summary>The terms of one 64-term word of the bitmap that occurred.</summary>
    public ulong Present(int word) => _present[word];

    /// <summary>Whether any term of a set occurred, the set given as the words of a term bitmap that have a bit set.</summary>
    public bool HasAny(TermMask[] mask)
    {
        var present = _present;
        foreach (var (word, bits) in mask)
        {
            if ((present[word] & bits) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Once the article is scanned: every watch indexed under a term that occurred becomes a candidate when its other
    /// conditions hold too, then <paramref name="always"/>; sorted, so a watch listed once per occurring term of its
    /// indexed group has its repeats side by side.
    /// </summary>
    public ReadOnlySpan<int> CollectCandidates(int[] always)
    {
        var postings = _postings;
        var present = _present;
        var count = 0;
        foreach (var term in _occurred)
        {
            var p = _postingStart[term];
            var end = _postingStart[term + 1];
            if (count + ((end - p) / 2) + always.Length > _candidates.Length)
            {
                Array.Resize(ref _candidates, Math.Max(_candidates.Length * 2, count + ((end - p) / 2) + always.Length));
            }

            var candidates = _candidates;
            var simpleEnd = p + 1 + (3 * postings[p]);
            for (p++; p < simpleEnd; p += 3)
            {
                // A simple posting (most watches): tested without a branch on its outcome, which no predictor could guess.
                var first = postings[p + 1];
                var second = postings[p + 2];
                var holds = (present[first >> 6] >> first) & (present[second >> 6] >> second);
                candidates[count] = postings[p];
                count += (int)(holds & 1);
            }

            while (p < end)
            {
                var length = postings[p + 1];
                candidates[count] = postings[p];
                count += ClausesHold(postings, p + 2, p + 2 + length);
                p += 2 + length;
            }
        }

        if (count + always.Length > _candidates.Length)
        {
            Array.Resize(ref _candidates, count + always.Length);
        }

        always.CopyTo(_candidates, count);
        count += always.Length;
        Sort(count);
        return _candidates.AsSpan(0, count);
    }

    /// <summary>Sorts the first <paramref name="count"/> candidates: by comparison when few, else by radix, a byte per pass.</summary>
    private void Sort(int count)
    {
        if (count <= 128)
        {
            _candidates.AsSpan(0, count).Sort();
            return;
        }

        if (_sortBuffer.Length < _candidates.Length)
        {
            _sortBuffer = new int[_candidates.Length];
        }

        var from = _candidates;
        var to = _sortBuffer;
        Span<int> offsets = stackalloc int[256];
        for (var shift = 0; shift < _candidateBits; shift += 8)
        {
            offsets.Clear();
            for (var i = 0; i < count; i++)
            {
                offsets[(from[i] >> shift) & 0xFF]++;
            }

            var sum = 0;
            for (var digit = 0; digit < 256; digit++)
            {
                (offsets[digit], sum) = (sum, sum + offsets[digit]);
            }

            for (var i = 0; i < count; i++)
            {
                to[offsets[(from[i] >> shift) & 0xFF]++] = from[i];
            }

            (from, to) = (to, from);
        }

        if (from != _candidates)
        {
            Array.Copy(from, _candidates, count);
        }
    }

    /// <summary>1 when every clause in postings[<paramref name="at"/>..<paramref name="end"/>) has a literal that holds, else 0; without a branch per literal.</summary>
    private int ClausesHold(int[] postings, int at, int end)
    {
        var present = _present;
        var all = 1UL;
        var any = 0UL;
        for (var i = at; i < end; i++)
        {
            var literal = postings[i];
            var term = literal >> 2;
            any |= ((present[term >> 6] >> term) ^ (ulong)(literal >> 1)) & 1;
            var closes = (ulong)(literal & 1);
            all &= any | (closes ^ 1);
            any &= closes ^ 1;
        }

        return (int)all;
    }

    /// <summary>Appends every hit of <paramref name="term"/> to <see cref="Spans"/>; false when it has none.</summary>
    public bool AppendHits(int term)
    {
        if (_termState[term].Stamp != _stamp)
        {
            return false;
        }

        for (var h = _termState[term].Head; h >= 0; h = _hits[h].Next)
        {
            Spans.Add(_hits[h].Span);
        }

        return true;
    }

    /// <summary>The first lines of a term's postings, read once every field is scanned: a run of misses the scan overlaps.</summary>
    private void PrefetchPostings(int start, int end)
    {
        const int IntsPerLine = 16;
        const int Lines = 8;
        for (var at = start; at < end && at < start + (Lines * IntsPerLine); at += IntsPerLine)
        {
            Prefetch(ref _postings[at]);
        }
    }

    /// <summary>Asks the processor to start loading <paramref name="location"/> now; a hint that never faults, so a stale address is harmless.</summary>
    private static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }

    private readonly record struct Hit(Span Span, int Next);

    private readonly record struct Occurrence(int Term, int FirstToken, int LastToken);

    /// <summary>Sixteen bytes: one term's state never straddles two cache lines.</summary>
    private struct TermState
    {
        public int Stamp;
        public int Head;

        /// <summary>Where the term's postings start, or -1 when no watch is indexed under it.</summary>
        public int PostingStart;
        public ushort Hits;
        public MatchField HitField;
        public byte Fields;
    }
}

/// <summary>One term occurrence: in which field, which words (for NEAR), and which characters of the original text.</summary>
internal readonly record struct Span(int Term, MatchField Field, int FirstWord, int LastWord, int Start, int End);
