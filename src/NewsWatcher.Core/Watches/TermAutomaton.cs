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

    private readonly EdgeTable _edges = new();
    private readonly int[] _root = new int[DenseRootChars];
    private Node[] _nodes = [new Node { Star = -1, Accept = -1 }];
    private int _nodeCount = 1;

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
                    _edges.Add(edge, next);
                    _nodes[node].Out |= OutBit(c);
                    if (node == 0 && c < DenseRootChars)
                    {
                        _root[c] = next;
                    }
                }

                node = next;
            }

            if (segment.Prefix)
            {
                if (_nodes[node].Star < 0)
                {
                    var star = NewNode(); // may grow the node array: assign after
                    _nodes[node].Star = star;
                }

                node = _nodes[node].Star;
            }
        }

        if (_nodes[node].Accept < 0)
        {
            _nodes[node].Accept = termId;
        }
        else
        {
            _nodes[node].More = [.. _nodes[node].More ?? [], termId];
        }
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
                    if (k > 0 && _nodes[node].Star >= 0)
                    {
                        Reached(_nodes[node].Star, start, field.WordEnd(token), field, sink, pending);
                    }

                    var c = text[k];
                    if (node == 0 && c < DenseRootChars)
                    {
                        // 0 is the root itself, so it doubles as "no edge".
                        node = _root[c] > 0 ? _root[c] : -1;
                    }
                    else if ((_nodes[node].Out & OutBit(c)) == 0 || !_edges.TryGetValue(Edge(node, c), out node))
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

                if (_nodes[node].Star >= 0)
                {
                    Reached(_nodes[node].Star, start, field.WordEnd(token), field, sink, pending);
                }

                Reached(node, start, token, field, sink, pending);
            }
        }
    }

    private void Reached(int node, int start, int end, FieldText field, MatchScratch sink, Stack<(int Node, int Token)> pending)
    {
        ref readonly var reached = ref _nodes[node];
        if (reached.Accept >= 0)
        {
            sink.AddHit(reached.Accept, field, start, end);
            if (reached.More is { } terms)
            {
                foreach (var term in terms)
                {
                    sink.AddHit(term, field, start, end);
                }
            }
        }

        // A walk into the next token that has no edge for its first character would stop at once: not worth a push.
        if (reached.HasOut && end + 1 < field.Count && end + 1 - start < MaxTokens && MayContinue(node, field.Folded(end + 1)))
        {
            pending.Push((node, end + 1));
        }
    }

    /// <summary>Whether a walk from <paramref name="node"/> into <paramref name="next"/> could get past its first character.</summary>
    private bool MayContinue(int node, ReadOnlySpan<char> next) => next.IsEmpty || (_nodes[node].Out & OutBit(next[0])) != 0;

    private static long Edge(int node, char c) => ((long)node << 16) | c;

    /// <summary>A character's bit in a node's <see cref="Node.Out"/> (the shift takes its low six bits).</summary>
    private static ulong OutBit(char c) => 1UL << c;

    private int NewNode()
    {
        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _nodes[_nodeCount] = new Node { Star = -1, Accept = -1 };
        return _nodeCount++;
    }

    /// <summary>
    /// One trie node: its prefix (star) edge or -1; the first term that ends here or -1, and any others (in the node
    /// itself, so reaching a term reads no other memory); and a bit per character (modulo 64) that has an edge out of
    /// it, so most missing edges are known without a probe of the large edge table: a text's words mostly leave the
    /// trie after a character or two.
    /// </summary>
    private struct Node
    {
        public int Star;
        public int Accept;
        public ulong Out;
        public int[]? More;

        /// <summary>Whether a walk can go on from here: an edge or a star leaves the node.</summary>
        public readonly bool HasOut => Out != 0 || Star >= 0;
    }

    /// <summary>
    /// The trie's edges, (node, char) to node, in one open-addressing hash table: a lookup is a multiply and usually
    /// one probe, which is most of the time a scan spends (every character of every token is one lookup).
    /// </summary>
    private sealed class EdgeTable
    {
        private const ulong Fibonacci = 0x9E3779B97F4A7C15;

        // Key and value side by side: a lookup touches one cache line, not one in each of two arrays.
        private Entry[] _entries = new Entry[1024];
        private int _shift = 64 - 10;
        private int _count;

        public bool TryGetValue(long key, out int value)
        {
            var stored = key + 1;
            var entries = _entries;
            var mask = entries.Length - 1;
            for (var i = (int)(((ulong)stored * Fibonacci) >> _shift); ; i = (i + 1) & mask)
            {
                ref var entry = ref entries[i];
                if (entry.Key == stored)
                {
                    value = entry.Value;
                    return true;
                }

                if (entry.Key == 0)
                {
                    value = -1;
                    return false;
                }
            }
        }

        /// <summary>Adds an edge that is not yet in the table.</summary>
        public void Add(long key, int value)
        {
            if ((_count + 1) * 2 > _entries.Length)
            {
                Grow();
            }

            Insert(key + 1, value);
            _count++;
        }

        private void Insert(long stored, int value)
        {
            var mask = _entries.Length - 1;
            var i = (int)(((ulong)stored * Fibonacci) >> _shift);
            while (_entries[i].Key != 0)
            {
                i = (i + 1) & mask;
            }

            _entries[i] = new Entry { Key = stored, Value = value };
        }

        private void Grow()
        {
            var entries = _entries;
            _entries = new Entry[entries.Length * 2];
            _shift--;
            foreach (var entry in entries)
            {
                if (entry.Key != 0)
                {
                    Insert(entry.Key, entry.Value);
                }
            }
        }

        /// <summary>key + 1 (0 marks a free slot) and the node it leads to.</summary>
        private struct Entry
        {
            public long Key;
            public int Value;
        }
    }
}
