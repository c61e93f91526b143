namespace NewsWatcher.Core.Watches;

/// <summary>
/// Every term of every watch in one character trie over folded text. Walked once from each token of a field, it
/// reports every term occurrence in a single pass however many watches there are.
/// </summary>
/// <remarks>
/// A walk may cross token boundaries without consuming anything, which is what makes "cease-fire", "cease fire" and
/// "ceasefire" one key. A prefix segment has a star edge that skips to the end of the current word; the walk then
/// resumes at the next word. Terms accept only at token ends, so every match is whole-word.
/// </remarks>
internal sealed class TermAutomaton
{
    /// <summary>A term spans at most this many tokens; bounds the walk from each token.</summary>
    public const int MaxTokens = 24;

    /// <summary>Edges out of the root for the Latin, Greek and Cyrillic blocks, looked up directly: every token starts there.</summary>
    private const int DenseRootChars = 0x500;

    private readonly Dictionary<long, int> _edges = [];
    private readonly int[] _root = new int[DenseRootChars];
    private readonly List<int> _star = [-1];
    private readonly List<List<int>?> _accepts = [null];
    private readonly List<bool> _hasOut = [false];

    /// <summary>Adds a term's key; <paramref name="termId"/> is reported wherever it occurs.</summary>
    public void Add(TermKey key, int termId)
    {
        var node = 0;
        foreach (var segment in key.Segments)
        {
            foreach (var c in segment.Chars)
            {
                var edge = Edge(node, c);
                if (!_edges.TryGetValue(edge, out var next))
                {
                    next = NewNode();
                    _edges[edge] = next;
                    _hasOut[node] = true;
                    if (node == 0 && c < DenseRootChars)
                    {
                        _root[c] = next;
                    }
                }

                node = next;
            }

            if (segment.Prefix)
            {
                if (_star[node] < 0)
                {
                    _star[node] = NewNode();
                    _hasOut[node] = true;
                }

                node = _star[node];
            }
        }

        (_accepts[node] ??= []).Add(termId);
    }

    /// <summary>Reports every (term, first token, last token) occurrence in <paramref name="field"/> to <paramref name="sink"/>.</summary>
    public void Scan(FieldText field, MatchScratch sink)
    {
        var pending = sink.WalkStack;
        for (var start = 0; start < field.Count; start++)
        {
            pending.Clear();
            pending.Push((0, start));
            while (pending.Count > 0)
            {
                var (from, token) = pending.Pop();
                var text = field.Folded(token);
                var node = from;
                for (var k = 0; k < text.Length; k++)
                {
                    if (k > 0 && _star[node] >= 0)
                    {
                        Reached(_star[node], start, field.WordEnd(token), field, sink, pending);
                    }

                    var c = text[k];
                    if (node == 0 && c < DenseRootChars)
                    {
                        // 0 is the root itself, so it doubles as "no edge".
                        node = _root[c] > 0 ? _root[c] : -1;
                    }
                    else if (!_edges.TryGetValue(Edge(node, c), out node))
                    {
                        node = -1;
                    }

                    if (node < 0)
                    {
                        break;
                    }
                }

                if (node < 0)
                {
                    continue;
                }

                if (_star[node] >= 0)
                {
                    Reached(_star[node], start, field.WordEnd(token), field, sink, pending);
                }

                Reached(node, start, token, field, sink, pending);
            }
        }
    }

    private void Reached(int node, int start, int end, FieldText field, MatchScratch sink, Stack<(int Node, int Token)> pending)
    {
        if (_accepts[node] is { } terms)
        {
            foreach (var term in terms)
            {
                sink.AddHit(term, field, start, end);
            }
        }

        if (_hasOut[node] && end + 1 < field.Count && end + 1 - start < MaxTokens)
        {
            pending.Push((node, end + 1));
        }
    }

    private static long Edge(int node, char c) => ((long)node << 16) | c;

    private int NewNode()
    {
        _star.Add(-1);
        _accepts.Add(null);
        _hasOut.Add(false);
        return _star.Count - 1;
    }
}
