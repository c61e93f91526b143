namespace NewsWatcher.Core.Watches;

/// <summary>
/// One article field tokenised for matching: each token's folded text (in one shared buffer) and its place in the
/// original text, plus the word it belongs to ("cease-fire" is one word of two tokens). Reused across articles.
/// </summary>
internal sealed class FieldText
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
                var start = i;
                while (i < end && WordFolding.IsWordChar(text, i))
                {
                    i++;
                }

                Add(text, start, i, word);

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

    private void Add(string text, int start, int end, int word)
    {
        var source = text.AsSpan(start, end - start);
        var ascii = true;
        foreach (var c in source)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        var folded = ascii ? default : WordFolding.Fold(source).AsSpan();
        var length = ascii ? source.Length : folded.Length;
        if (_foldedLength + length > _folded.Length)
        {
            Array.Resize(ref _folded, Math.Max(_folded.Length * 2, _foldedLength + length));
        }

        var target = _folded.AsSpan(_foldedLength, length);
        if (ascii)
        {
            for (var k = 0; k < length; k++)
            {
                var c = source[k];
                target[k] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        }
        else
        {
            folded.CopyTo(target);
        }

        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
            Array.Resize(ref _wordEnd, _tokens.Length);
        }

        _tokens[Count++] = new Token(_foldedLength, length, start, end, word);
        _foldedLength += length;
    }
}
