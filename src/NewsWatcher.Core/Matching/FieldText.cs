using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// One article field tokenised for matching: each token's folded text (in one shared buffer) and its place in the
/// original text, plus the word it belongs to ("cease-fire" is one word of two tokens). Reused across articles.
/// </summary>
/// <param name="folds">Folded non-ASCII words to reuse (shared by the fields of one matcher); none when null.</param>
internal sealed class FieldText(FoldCache? folds = null)
{
    /// <summary>Characters tokenised in one vector step (<see cref="FoldAsciiRun"/>).</summary>
    private const int Block = 8;

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

        // An ASCII character folds to one character: room for the whole text (and a block more, which a vector store
        // past a token's end may write), so the common path never checks.
        if (_folded.Length < end + Block)
        {
            Array.Resize(ref _folded, Math.Max(end + Block, _folded.Length * 2));
        }

        var chars = text.AsSpan(0, end);
        var asciiFolds = AsciiFolds;
        var word = -1;
        var i = 0;
        while (i < chars.Length)
        {
            var first = chars[i];
            if (first < 0x80 ? asciiFolds[first] == 0 : !WordFolding.IsWordChar(text, i))
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
                // Most of a token is read a block at a time; the rest (a short tail, a non-ASCII letter) one by one, into a
                // local rather than the field, so it stays in a register.
                (i, var length) = FoldAsciiRun(chars, i, folded, foldStart);

                while (i < chars.Length)
                {
                    var c = chars[i];
                    if (c < 0x80)
                    {
                        var fold = asciiFolds[c];
                        if (fold == 0)
                        {
                            break;
                        }

                        folded[length++] = fold;
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

                _foldedLength = length;
                if (!ascii)
                {
                    _foldedLength = foldStart;
                    AppendFolded(text.AsSpan(start, i - start), end - i);
                }

                Add(start, i, word, foldStart);

                // A joiner only continues the word when a word character follows ("cease-fire", not "fire -").
                if (i + 1 < chars.Length && IsJoiner(chars[i]) && WordFolding.IsWordChar(text, i + 1))
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

    /// <summary>
    /// Folds the ASCII letters and digits from <paramref name="i"/> on, a block of eight characters at a time (most
    /// words fit in one), into <paramref name="folded"/> at <paramref name="length"/>; stops at the first character of
    /// any other kind, which the caller then reads. A block is stored whole, so up to <see cref="Block"/> characters past
    /// the run are written and then overwritten or ignored.
    /// </summary>
    /// <returns>Where the run ends in the text, and the folded length after it.</returns>
    private static (int End, int Length) FoldAsciiRun(ReadOnlySpan<char> chars, int i, char[] folded, int length)
    {
        while (i + Block <= chars.Length)
        {
            var block = Vector128.Create(MemoryMarshal.Cast<char, ushort>(chars.Slice(i, Block)));
            var lower = block | Vector128.Create((ushort)0x20);
            var letter = Vector128.LessThanOrEqual(lower - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
            var digit = Vector128.LessThanOrEqual(block - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
            var foldedBlock = Vector128.ConditionalSelect(letter, lower, block);
            foldedBlock.CopyTo(MemoryMarshal.Cast<char, ushort>(folded.AsSpan(length, Block)));
            var run = BitOperations.TrailingZeroCount(~(letter | digit).ExtractMostSignificantBits());
            i += run;
            length += run;
            if (run < Block)
            {
                break;
            }
        }

        return (i, length);
    }

    /// <summary>A hyphen or apostrophe, which joins two word characters into one word; a space, the usual case, is decided at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsJoiner(char c) =>
        c < 0x80 ? c is '-' or '\'' or '`' : WordFolding.IsHyphen(c) || WordFolding.IsApostrophe(c);

    /// <summary>
    /// Each ASCII character folded, or 0 where it is no word character: <see cref="WordFolding"/>'s decisions, looked up
    /// instead of worked out for every character of every article.
    /// </summary>
    private static readonly char[] AsciiFolds = [.. Enumerable.Range(0, 0x80).Select(c => WordFolding.IsWordChar(((char)c).ToString(), 0) ? WordFolding.Fold([(char)c])[0] : '\0')];

    public ref readonly Token this[int index] => ref _tokens[index];

    /// <summary>The last token of the word that token <paramref name="index"/> belongs to.</summary>
    public int WordEnd(int index) => _wordEnd[index];

    public ReadOnlySpan<char> Folded(int index) => _folded.AsSpan(_tokens[index].FoldStart, _tokens[index].FoldLength);

    /// <summary>Appends the folded form of a non-ASCII token, keeping room for the <paramref name="rest"/> of the text.</summary>
    private void AppendFolded(ReadOnlySpan<char> source, int rest)
    {
        var folded = folds is null ? WordFolding.Fold(source) : folds.Fold(source);
        if (_foldedLength + folded.Length + rest + Block > _folded.Length)
        {
            Array.Resize(ref _folded, Math.Max(_folded.Length * 2, _foldedLength + folded.Length + rest + Block));
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
