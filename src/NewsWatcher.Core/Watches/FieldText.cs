namespace NewsWatcher.Core.Watches;

/// <summary>
/// One article field tokenised for matching: each token's folded text (in one shared buffer) and its place in the
/// original text, plus the word it belongs to ("cease-fire" is one word of two tokens). Reused across articles.
/// </summary>
/// <param name="folds">Folded non-ASCII words to reuse (shared by the fields of one matcher); none when null.</param>
internal sealed class FieldText(FoldCache? folds = null)
{
    private char[] _folded = new char[256];
    private int _foldedLength;
    private Token[] _tokens = new Token[64];
    private int[] _wordEnd = new int[64];

    public MatchField Field { get; private set; }

    public int Count { get; private set; }

    /// <summary>Tokenises <paramref name="text"/>[0..<paramref name="end"/>) as field <paramref name="field"/>.</summary>
    public void Reset(MatchField field, string text, int end)
    {
        Field = field;
        Count = 0;
        _foldedLength = 0;

        // An ASCII character folds to one character: room for the whole text, so the common path never checks.
        if (_folded.Length < end)
        {
            Array.Resize(ref _folded, Math.Max(end, _folded.Length * 2));
        }

        var word = -1;
        var i = 0;
        while (i < end)
        {
            if (!WordFolding.IsWordChar(text, i))
            {
                i++;
                continue;
            }

            word++;
            while (true)
            {
                // One pass over the token: ASCII is lower-cased as it is read; a token with anything else is folded whole after.
                var start = i;
                var ascii = true;
                var folded = _folded;
                var foldStart = _foldedLength;
                while (i < end)
                {
                    var c = text[i];
                    if (c < 0x80)
                    {
                        if (!char.IsAsciiLetterOrDigit(c))
                        {
                            break;
                        }

                        folded[_foldedLength++] = char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c;
                    }
                    else if (WordFolding.IsWordChar(text, i))
                    {
                        ascii = false;
                    }
                    else if (WordFolding.IsIgnorable(c) && WordFolding.AfterIgnorables(text, i, end) is >= 0 and var next)
                    {
                        // Invisible characters inside the word (a soft hyphen, a zero-width space): part of the token, so
                        // its span covers them, and folded away, so "Is\u00ADrael" is one token "israel".
                        ascii = false;
                        i = next;
                        continue;
                    }
                    else
                    {
                        break;
                    }

                    i++;
                }

                if (!ascii)
                {
                    _foldedLength = foldStart;
                    AppendFolded(text.AsSpan(start, i - start), end - i);
                }

                Add(start, i, word, foldStart);

                // A joiner only continues the word when a word character follows ("cease-fire", not "fire -").
                if (i + 1 < end && (WordFolding.IsHyphen(text[i]) || WordFolding.IsApostrophe(text[i])) && WordFolding.IsWordChar(text, i + 1))
                {
                    i++;
                    continue;
                }

                break;
            }

            for (var t = Count - 1; t >= 0 && _tokens[t].Word == word; t--)
            {
                _wordEnd[t] = Count - 1;
            }
        }
    }

    public ref readonly Token this[int index] => ref _tokens[index];

    /// <summary>The last token of the word that token <paramref name="index"/> belongs to.</summary>
    public int WordEnd(int index) => _wordEnd[index];

    public ReadOnlySpan<char> Folded(int index) => _folded.AsSpan(_tokens[index].FoldStart, _tokens[index].FoldLength);

    /// <summary>Appends the folded form of a non-ASCII token, keeping room for the <paramref name="rest"/> of the text.</summary>
    private void AppendFolded(ReadOnlySpan<char> source, int rest)
    {
        var folded = folds is null ? WordFolding.Fold(source) : folds.Fold(source);
        if (_foldedLength + folded.Length + rest > _folded.Length)
        {
            Array.Resize(ref _folded, Math.Max(_folded.Length * 2, _foldedLength + folded.Length + rest));
        }

        folded.CopyTo(_folded.AsSpan(_foldedLength));
        _foldedLength += folded.Length;
    }

    private void Add(int start, int end, int word, int foldStart)
    {
        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
            Array.Resize(ref _wordEnd, _tokens.Length);
        }

        _tokens[Count++] = new Token(foldStart, _foldedLength - foldStart, start, end, word);
    }
}

/// <summary>
/// Folded forms of the non-ASCII words a matcher has seen: folding one takes Unicode normalisation and allocates, and a
/// feed in Ukrainian repeats its words from item to item. Bounded: when full it starts over.
/// </summary>
internal sealed class FoldCache
{
    public const int Capacity = 8192;

    private readonly Dictionary<string, string> _folds;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FoldCache()
    {
        _folds = new(StringComparer.Ordinal);
        _lookup = _folds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Fold(ReadOnlySpan<char> word)
    {
        if (_lookup.TryGetValue(word, out var folded))
        {
            return folded;
        }

        if (_folds.Count == Capacity)
        {
            _folds.Clear();
        }

        folded = WordFolding.Fold(word);
        _lookup[word] = folded;
        return folded;
    }
}
