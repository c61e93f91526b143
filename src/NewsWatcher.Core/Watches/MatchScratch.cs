namespace NewsWatcher.Core.Watches;

/// <summary>
/// Per-article working memory of a <see cref="WatchSet"/>: the tokenised fields, every term hit (chained per term),
/// and the candidate watches. Pooled and reset by stamping, so a match allocates almost nothing.
/// </summary>
internal sealed class MatchScratch
{
    private readonly int[] _termStamp;
    private readonly int[] _termHead;
    private readonly int[] _termHits;
    private readonly MatchField[] _termHitField;

    /// <summary>A watch is indexed under at most this many trigger groups, all of which must occur.</summary>
    public const int MaxGroups = 2;

    /// <summary>Low bits of a posting: which group of its watch the term belongs to (1 bit) and the mask of all its groups (2 bits).</summary>
    private const int PostingBits = 3;

    /// <summary>Spans explained without allocating beyond the result; more take the general path.</summary>
    public const int SmallExplain = 64;

    /// <summary>Per watch, the article stamp shifted left by 8, or'ed with the groups seen in that article (one read per posting).</summary>
    private readonly long[] _watchState;
    private readonly int[][] _watchesOfTerm;
    private Hit[] _hits = new Hit[64];
    private int _stamp;

    /// <param name="watchesOfTerm">Per term, its postings (see <see cref="Posting"/>).</param>
    public MatchScratch(object owner, int termCount, int[][] watchesOfTerm, int watchCount)
    {
        Owner = owner;
        _termStamp = new int[termCount];
        _termHead = new int[termCount];
        _termHits = new int[termCount];
        _termHitField = new MatchField[termCount];
        _watchState = new long[watchCount];
        _watchesOfTerm = watchesOfTerm;
        TermFields = new int[termCount];
    }

    /// <summary>The <see cref="WatchSet"/> this scratch is sized for.</summary>
    public object Owner { get; }

    /// <summary>Bit mask of <see cref="MatchField"/>s each term may match in; set once by the owner.</summary>
    public int[] TermFields { get; }

    public FieldText[] Fields { get; } = [new(), new(), new(), new()];

    public Stack<(int Node, int Token)> WalkStack { get; } = new();

    public List<int> Candidates { get; } = [];

    public List<Span> Spans { get; } = [];

    public int HitCount { get; private set; }

    public void Begin()
    {
        _stamp++;
        HitCount = 0;
        Candidates.Clear();
        Spans.Clear();
    }

    public void AddHit(int term, FieldText field, int firstToken, int lastToken)
    {
        if ((TermFields[term] & (1 << (int)field.Field)) == 0)
        {
            return;
        }

        // Bounded per term and field: fields are scanned one after the other, so a change of field restarts the count.
        if (_termStamp[term] == _stamp && _termHitField[term] == field.Field && _termHits[term] >= WatchSet.MaxHitsPerTerm)
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
        if (_termStamp[term] != _stamp)
        {
            _termStamp[term] = _stamp;
            _termHead[term] = -1;
            _termHits[term] = 0;
            _termHitField[term] = field.Field;
            Wake(term);
        }

        _hits[HitCount] = new Hit(span, _termHead[term]);
        _termHead[term] = HitCount++;
        _termHits[term] = _termHitField[term] == field.Field ? _termHits[term] + 1 : 1;
        _termHitField[term] = field.Field;
    }

    /// <summary>
    /// A term's entry for <paramref name="watch"/>: the watch, which of its <paramref name="groupCount"/> trigger groups
    /// the term belongs to, and the mask of all of them, so waking a watch reads only its own state.
    /// </summary>
    public static int Posting(int watch, int group, int groupCount) => (watch << PostingBits) | (((1 << groupCount) - 1) << 1) | group;

    /// <summary>Sorting room for explaining a match's spans.</summary>
    public Span[] ExplainBuffer { get; } = new Span[SmallExplain];

    /// <summary>Marks each group <paramref name="term"/> triggers; a watch whose groups have all occurred becomes a candidate.</summary>
    private void Wake(int term)
    {
        foreach (var posting in _watchesOfTerm[term])
        {
            var watch = posting >> PostingBits;
            var group = 1L << (posting & 1);
            var state = _watchState[watch];
            if (state >> 8 != _stamp)
            {
                state = (long)_stamp << 8;
            }

            if ((state & group) == 0)
            {
                state |= group;
                _watchState[watch] = state;
                if ((state & 0xFF) == ((posting >> 1) & 3))
                {
                    Candidates.Add(watch);
                }
            }
        }
    }

    /// <summary>Appends every hit of <paramref name="term"/> to <see cref="Spans"/>; false when it has none.</summary>
    public bool AppendHits(int term)
    {
        if (_termStamp[term] != _stamp)
        {
            return false;
        }

        for (var h = _termHead[term]; h >= 0; h = _hits[h].Next)
        {
            Spans.Add(_hits[h].Span);
        }

        return true;
    }

    /// <summary>Marks a watch as a candidate regardless of hits (a watch that can match with none of its terms present).</summary>
    public void AddCandidate(int watch)
    {
        if (_watchState[watch] >> 8 != _stamp)
        {
            _watchState[watch] = ((long)_stamp << 8) | 0xFF;
            Candidates.Add(watch);
        }
    }

    private readonly record struct Hit(Span Span, int Next);
}

/// <summary>One term occurrence: in which field, which words (for NEAR), and which characters of the original text.</summary>
internal readonly record struct Span(int Term, MatchField Field, int FirstWord, int LastWord, int Start, int End);
