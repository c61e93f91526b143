namespace NewsWatcher.Core.Matching;

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

    private readonly int[] _root = new int[DenseRootChars];

    /// <summary>The node two ASCII characters lead to from the root (0 for none), by (first &lt;&lt; 7) | second.</summary>
    private readonly int[] _rootPairs = new int[128 * 128];

    // While terms are added: nodes and a hash table of edges. Freezing lays the trie out again for scanning.
    private EdgeTable? _edges = new();
    private Node[] _nodes = [new Node { Star = -1, Accept = -1 }];
    private int _nodeCount = 1;

    // Frozen: nodes in depth-first order, each node's edges side by side (sorted by character) in the same order, so
    // a walk down a word reads memory that mostly follows what it read before, instead of a random hash slot per
    // character.
    private FrozenNode[] _frozen = [];
    private char[] _edgeChars = [];
    private int[] _edgeTargets = [];
    private int[][] _moreAccepts = [];

    /// <summary>Adds a term's key; <paramref name="termId"/> is reported wherever it occurs.</summary>
    public void Add(TermKey key, int termId)
    {
        var edges = _edges ?? throw new InvalidOperationException("the automaton is frozen");
        var node = 0;
        foreach (var segment in key.Segments)
        {
            foreach (var c in segment.Chars)
            {
                var edge = Edge(node, c);
                if (!edges.TryGetValue(edge, out var next))
                {
                    next = NewNode();
                    edges.Add(edge, next);
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
            // Most walks start at the root and end inside the token: only walks that go on into later tokens are stacked.
            Walk(0, start, start, field, sink, pending);
            while (pending.Count > 0)
            {
                var (from, token) = pending.Pop();
                Walk(from, token, start, field, sink, pending);
            }
        }
    }

    /// <summary>Walks token <paramref name="token"/> from <paramref name="from"/> (a walk that began at token <paramref name="start"/>).</summary>
    private void Walk(int from, int token, int start, FieldText field, MatchScratch sink, WalkStack pending)
    {
        var text = field.Folded(token);
        var node = from;
        var k = 0;
        if (node == 0 && text.Length >= 2 && (text[0] | text[1]) < 0x80)
        {
            // The first two characters from a table: the nodes there have the most edges. No star is that shallow
            // (a prefix keeps at least three letters).
            node = _rootPairs[(text[0] << 7) | text[1]];
            if (node == 0)
            {
                return;
            }

            k = 2;
        }

        for (; k < text.Length; k++)
        {
            if (k > 0 && _frozen[node].Star >= 0)
            {
                Reached(_frozen[node].Star, start, field.WordEnd(token), field, sink, pending);
            }

            var c = text[k];
            if (node == 0 && c < DenseRootChars)
            {
                // 0 is the root itself, so it doubles as "no edge".
                node = _root[c] > 0 ? _root[c] : -1;
            }
            else
            {
                node = Child(node, c);
            }

            if (node < 0)
            {
                return;
            }
        }

        if (_frozen[node].Star >= 0)
        {
            Reached(_frozen[node].Star, start, field.WordEnd(token), field, sink, pending);
        }

        Reached(node, start, token, field, sink, pending);
    }

    private void Reached(int node, int start, int end, FieldText field, MatchScratch sink, WalkStack pending)
    {
        ref readonly var reached = ref _frozen[node];
        if (reached.Accept >= 0)
        {
            sink.Found(reached.Accept, start, end);
        }
        else if (reached.Accept < -1)
        {
            foreach (var term in _moreAccepts[-2 - reached.Accept])
            {
                sink.Found(term, start, end);
            }
        }

        // A walk into the next token that has no edge for its first character would stop at once: not worth a push.
        if (reached.HasOut && end + 1 < field.Count && end + 1 - start < MaxTokens && MayContinue(node, field.Folded(end + 1)))
        {
            pending.Push((node, end + 1));
        }
    }

    /// <summary>Whether a walk from <paramref name="node"/> into <paramref name="next"/> could get past its first character.</summary>
    private bool MayContinue(int node, ReadOnlySpan<char> next) => next.IsEmpty || Child(node, next[0]) >= 0;

    /// <summary>The frozen node reached from <paramref name="node"/> by <paramref name="c"/>, or -1.</summary>
    private int Child(int node, char c)
    {
        ref readonly var from = ref _frozen[node];
        var count = from.EdgeCount;
        if (count == 0)
        {
            return -1;
        }

        if (c == from.First)
        {
            // Depth-first, the first edge leads to the next node: down a word's chain the walk reads one array in order.
            return node + 1;
        }

        var start = from.EdgeStart + 1;
        count--;
        if (count <= 8)
        {
            // Past the first letters most nodes have one or a few ways on: compared one by one, without a search call.
            var chars = _edgeChars;
            for (var e = start; e < start + count; e++)
            {
                if (chars[e] == c)
                {
                    return _edgeTargets[e];
                }
            }

            return -1;
        }

        var at = _edgeChars.AsSpan(start, count).IndexOf(c);
        return at < 0 ? -1 : _edgeTargets[start + at];
    }

    /// <summary>Lays the trie out for scanning; no term can be added after.</summary>
    public void Freeze()
    {
        var edges = _edges ?? throw new InvalidOperationException("the automaton is already frozen");
        var count = _nodeCount;

        // Each node's edges, from the edge table, grouped by node and sorted by character.
        var edgeStart = new int[count + 1];
        foreach (var (key, _) in edges.Entries())
        {
            edgeStart[(int)(key >> 16) + 1]++;
        }

        for (var n = 0; n < count; n++)
        {
            edgeStart[n + 1] += edgeStart[n];
        }

        var chars = new char[edgeStart[count]];
        var targets = new int[chars.Length];
        var fill = edgeStart[..count];
        foreach (var (key, target) in edges.Entries())
        {
            var at = fill[(int)(key >> 16)]++;
            chars[at] = (char)(key & 0xFFFF);
            targets[at] = target;
        }

        for (var n = 0; n < count; n++)
        {
            Array.Sort(chars, targets, edgeStart[n], edgeStart[n + 1] - edgeStart[n]);
        }

        // Depth-first order: a node's first edge leads to the next node.
        var order = new int[count];
        var byOrder = new int[count];
        var next = 0;
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            order[node] = next;
            byOrder[next++] = node;
            if (_nodes[node].Star >= 0)
            {
                stack.Push(_nodes[node].Star);
            }

            for (var e = edgeStart[node + 1] - 1; e >= edgeStart[node]; e--)
            {
                stack.Push(targets[e]);
            }
        }

        var frozen = new FrozenNode[count];
        var frozenChars = new char[chars.Length];
        var frozenTargets = new int[chars.Length];
        var more = new List<int[]>();
        var cursor = 0;
        for (var f = 0; f < count; f++)
        {
            var node = _nodes[byOrder[f]];
            var first = edgeStart[byOrder[f]];
            var edgeCount = edgeStart[byOrder[f] + 1] - first;
            if (edgeCount > ushort.MaxValue)
            {
                // Only a node followed by nearly every UTF-16 code unit could have this many edges.
                throw new InvalidOperationException($"a trie node has {edgeCount} edges; at most {ushort.MaxValue} fit");
            }

            for (var e = 0; e < edgeCount; e++)
            {
                frozenChars[cursor + e] = chars[first + e];
                frozenTargets[cursor + e] = order[targets[first + e]];
            }

            var accept = node.Accept;
            if (node.More is { } others)
            {
                accept = -2 - more.Count;
                more.Add([node.Accept, .. others]);
            }

            frozen[f] = new FrozenNode
            {
                EdgeStart = cursor,
                EdgeCount = (ushort)edgeCount,
                First = edgeCount > 0 ? chars[first] : '\0',
                Star = node.Star < 0 ? -1 : order[node.Star],
                Accept = accept,
            };
            cursor += edgeCount;
        }

        for (var e = 0; e < frozen[0].EdgeCount; e++)
        {
            if (frozenChars[e] < DenseRootChars)
            {
                _root[frozenChars[e]] = frozenTargets[e];
            }
        }

        _frozen = frozen;
        _edgeChars = frozenChars;
        _edgeTargets = frozenTargets;
        for (var first = 0; first < 128; first++)
        {
            if (_root[first] is var node and > 0)
            {
                for (var e = frozen[node].EdgeStart; e < frozen[node].EdgeStart + frozen[node].EdgeCount; e++)
                {
                    if (frozenChars[e] < 128)
                    {
                        _rootPairs[(first << 7) | frozenChars[e]] = frozenTargets[e];
                    }
                }
            }
        }

        _moreAccepts = [.. more];
        _edges = null;
        _nodes = [];
    }

    private static long Edge(int node, char c) => ((long)node << 16) | c;

    private int NewNode()
    {
        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _nodes[_nodeCount] = new Node { Star = -1, Accept = -1 };
        return _nodeCount++;
    }

    /// <summary>A trie node while terms are added: its prefix (star) edge or -1; the first term that ends here or -1, and any others.</summary>
    private struct Node
    {
        public int Star;
        public int Accept;
        public int[]? More;
    }

    /// <summary>
    /// A node of the frozen trie: where its edges are and the character of the first (which leads to the next node),
    /// its star edge or -1, and the term that ends here (-1 for none, -2 - i for several: <see cref="_moreAccepts"/>[i]).
    /// Sixteen bytes, four to a cache line.
    /// </summary>
    private struct FrozenNode
    {
        public int EdgeStart;
        public ushort EdgeCount;
        public char First;
        public int Star;
        public int Accept;

        /// <summary>Whether a walk can go on from here: an edge or a star leaves the node.</summary>
        public readonly bool HasOut => EdgeCount != 0 || Star >= 0;
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

        /// <summary>Every edge, in no particular order.</summary>
        public IEnumerable<(long Key, int Value)> Entries()
        {
            foreach (var entry in _entries)
            {
                if (entry.Key != 0)
                {
                    yield return (entry.Key - 1, entry.Value);
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

    /// <summary>Walks waiting to go on into a later token: (node, token) pairs, reused across fields and articles.</summary>
    internal sealed class WalkStack
    {
        private (int Node, int Token)[] _items = new (int, int)[16];

        public int Count { get; private set; }

        public void Push((int Node, int Token) item)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[Count++] = item;
        }

        public (int Node, int Token) Pop() => _items[--Count];
    }
}
