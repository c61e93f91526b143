namespace NewsWatcher.Core.Matching;

/// <summary>
/// A watch query compiled against a <see cref="WatchSet"/>'s term ids. Evaluation reads the article's term hits from
/// the scratch and appends the spans that made it true; a false result leaves the span list as it found it.
/// </summary>
internal abstract class QueryNode
{
    public abstract bool Evaluate(MatchScratch scratch);

    /// <summary>Whether the query holds, without collecting spans where it can (only NEAR needs the positions).</summary>
    public abstract bool Test(MatchScratch scratch);

    protected static void Truncate(List<Span> spans, int count) => spans.RemoveRange(count, spans.Count - count);
}

internal sealed class TermNode(int term) : QueryNode
{
    public override bool Evaluate(MatchScratch scratch) => scratch.AppendHits(term);

    public override bool Test(MatchScratch scratch) => scratch.Has(term);
}

internal sealed class AndNode(QueryNode[] operands) : QueryNode
{
    public override bool Test(MatchScratch scratch)
    {
        foreach (var operand in operands)
        {
            if (!operand.Test(scratch))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Evaluate(MatchScratch scratch)
    {
        var mark = scratch.Spans.Count;
        foreach (var operand in operands)
        {
            if (!operand.Evaluate(scratch))
            {
                Truncate(scratch.Spans, mark);
                return false;
            }
        }

        return true;
    }
}

internal sealed class OrNode(QueryNode[] operands) : QueryNode
{
    public override bool Test(MatchScratch scratch)
    {
        foreach (var operand in operands)
        {
            if (operand.Test(scratch))
            {
                return true;
            }
        }

        return false;
    }

    public override bool Evaluate(MatchScratch scratch)
    {
        // No short-circuit: the reader should see every alternative that matched.
        var any = false;
        foreach (var operand in operands)
        {
            any |= operand.Evaluate(scratch);
        }

        return any;
    }
}

/// <summary>
/// An OR of plain terms (a list such as <c>@civil-feud</c>, often a hundred words or more): tested against the article's
/// bitmap of present terms a word of 64 terms at a time, instead of one call per alternative.
/// </summary>
internal sealed class AnyTermNode : QueryNode
{
    private readonly TermMask[] _mask;

    public AnyTermNode(int[] terms)
    {
        _mask = [.. terms.GroupBy(t => t >> 6).OrderBy(g => g.Key).Select(g => new TermMask(g.Key, g.Aggregate(0UL, (bits, t) => bits | (1UL << t))))];
    }

    public override bool Test(MatchScratch scratch) => scratch.HasAny(_mask);

    public override bool Evaluate(MatchScratch scratch)
    {
        // As OrNode, every alternative that occurred contributes its spans; only those are visited, by the bitmap.
        var any = false;
        foreach (var (word, bits) in _mask)
        {
            for (var found = scratch.Present(word) & bits; found != 0; found &= found - 1)
            {
                any |= scratch.AppendHits((word << 6) | System.Numerics.BitOperations.TrailingZeroCount(found));
            }
        }

        return any;
    }
}

/// <summary>One 64-term word of a term bitmap: its index and the bits set in it.</summary>
internal readonly record struct TermMask(int Word, ulong Bits);

internal sealed class NotNode(QueryNode operand) : QueryNode
{
    public override bool Test(MatchScratch scratch) => !operand.Test(scratch);

    public override bool Evaluate(MatchScratch scratch)
    {
        // An absence has no place in the text, so it contributes no spans.
        var mark = scratch.Spans.Count;
        var matched = operand.Evaluate(scratch);
        Truncate(scratch.Spans, mark);
        return !matched;
    }
}

internal sealed class NearNode(QueryNode left, QueryNode right, int distance, bool ordered) : QueryNode
{
    public override bool Test(MatchScratch scratch)
    {
        var mark = scratch.Spans.Count;
        var near = Evaluate(scratch);
        Truncate(scratch.Spans, mark);
        return near;
    }

    public override bool Evaluate(MatchScratch scratch)
    {
        var spans = scratch.Spans;
        var start = spans.Count;
        if (!left.Evaluate(scratch))
        {
            return false;
        }

        var middle = spans.Count;
        if (!right.Evaluate(scratch))
        {
            Truncate(spans, start);
            return false;
        }

        var end = spans.Count;
        var keep = end - start <= 256 ? stackalloc bool[end - start] : new bool[end - start];
        for (var i = start; i < middle; i++)
        {
            for (var j = middle; j < end; j++)
            {
                if (Near(spans[i], spans[j]))
                {
                    keep[i - start] = true;
                    keep[j - start] = true;
                }
            }
        }

        // Only the occurrences that stand near each other explain the match; the others are dropped.
        var write = start;
        for (var i = start; i < end; i++)
        {
            if (keep[i - start])
            {
                spans[write++] = spans[i];
            }
        }

        Truncate(spans, write);
        return write > start;
    }

    private bool Near(Span a, Span b)
    {
        if (a.Field != b.Field)
        {
            return false;
        }

        if (a.LastWord < b.FirstWord)
        {
            return b.FirstWord - a.LastWord - 1 <= distance;
        }

        return !ordered && b.LastWord < a.FirstWord && a.FirstWord - b.LastWord - 1 <= distance;
    }
}
