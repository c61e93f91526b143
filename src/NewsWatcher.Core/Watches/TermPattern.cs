namespace NewsWatcher.Core.Watches;

/// <summary>A term compiled once into slots of folded words, then run against each tokenised field.</summary>
internal sealed class TermPattern
{
    /// <summary>Shorter prefixes match too much ("pe*") to be a rule anyone meant.</summary>
    public const int MinimumPrefixLength = 3;

    private TermPattern(IReadOnlyList<TermSlot> slots)
    {
        Slots = slots;
    }

    public IReadOnlyList<TermSlot> Slots { get; }

    /// <summary>Compiles a term, or says in words why it cannot be used.</summary>
    public static TermPattern? TryCompile(string text, out string? error)
    {
        var words = WordScanner.Scan(text);
        if (words.Count == 0)
        {
            error = "has no words";
            return null;
        }

        var slots = new List<TermSlot>(words.Count);
        var prefixEnds = new HashSet<int>();
        foreach (var word in words)
        {
            var prefix = word.End < text.Length && text[word.End] == '*';
            if (prefix)
            {
                prefixEnds.Add(word.End);
                if (word.Joined.Length < MinimumPrefixLength)
                {
                    error = $"prefix '{text[word.Start..(word.End + 1)]}' is too short (at least {MinimumPrefixLength} letters before '*')";
                    return null;
                }
            }

            slots.Add(new TermSlot(word.Parts.Select(p => p.Text).ToArray(), word.Joined, prefix));
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && !prefixEnds.Contains(i))
            {
                error = "'*' may only end a word (e.g. negotiat*)";
                return null;
            }
        }

        error = null;
        return new TermPattern(slots);
    }

    /// <summary>Every place the term occurs in the field, as (start, length) in the field's original text.</summary>
    public void FindIn(FieldText field, List<(int Start, int Length)> found)
    {
        var tokens = field.Tokens;
        foreach (var start in CandidateStarts(field))
        {
            var end = MatchFrom(field, 0, start);
            if (end > start)
            {
                found.Add((tokens[start].Start, tokens[end - 1].End - tokens[start].Start));
            }
        }
    }

    private IEnumerable<int> CandidateStarts(FieldText field)
    {
        var first = Slots[0];
        if (first.Prefix)
        {
            // Prefix terms cannot use the exact lookup; fields are headline-sized, so a scan is cheap.
            return Enumerable.Range(0, field.Tokens.Count);
        }

        var starts = new SortedSet<int>(field.PositionsOf(first.Joined));
        foreach (var c in field.CompoundIndexesOf(first.Joined))
        {
            starts.Add(field.Compounds[c].First);
        }

        if (first.Parts.Count > 1)
        {
            starts.UnionWith(field.PositionsOf(first.Parts[0]));
        }

        return starts;
    }

    /// <summary>Token position just after a match of slots[slot..] starting at <paramref name="position"/>, or -1.</summary>
    private int MatchFrom(FieldText field, int slot, int position)
    {
        if (slot == Slots.Count)
        {
            return position;
        }

        var tokens = field.Tokens;
        if (position >= tokens.Count)
        {
            return -1;
        }

        var s = Slots[slot];

        // The word as one token: "ceasefire" in the text, or a single-part word.
        if (TermSlot.Same(tokens[position].Text, s.Joined, s.Prefix))
        {
            var end = MatchFrom(field, slot + 1, position + 1);
            if (end >= 0)
            {
                return end;
            }
        }

        // The text joined it with a hyphen or apostrophe: "cease-fire" for the term "ceasefire" or "cease-fire".
        foreach (var compound in field.CompoundsAt(position))
        {
            if (TermSlot.Same(compound.Text, s.Joined, s.Prefix))
            {
                var end = MatchFrom(field, slot + 1, compound.Last + 1);
                if (end >= 0)
                {
                    return end;
                }
            }
        }

        // The term is hyphenated and the text spells the parts out: "cease fire" for "cease-fire".
        var parts = s.Parts;
        if (parts.Count > 1 && position + parts.Count <= tokens.Count)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                var isLast = i == parts.Count - 1;
                if (!TermSlot.Same(tokens[position + i].Text, parts[i], s.Prefix && isLast))
                {
                    return -1;
                }
            }

            return MatchFrom(field, slot + 1, position + parts.Count);
        }

        return -1;
    }
}
