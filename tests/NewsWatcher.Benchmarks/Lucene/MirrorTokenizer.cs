using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace NewsWatcher.Benchmarks.Lucene;

/// <summary>
/// A Lucene tokenizer that cuts and folds text the way NewsWatcher's matcher does, written independently from it: tokens
/// are runs of letters, digits and combining marks (hyphens and apostrophes separate them), folded to lower case with
/// diacritics removed ("Zelénskyy" = "zelenskyy", "ё" = "е", "ß" = "ss", final sigma = sigma). So Lucene and WatchSet
/// compare the same words and every difference between them is one of matching, not of analysis.
/// </summary>
public sealed class MirrorTokenizer : Tokenizer
{
    /// <summary>Runs of up to this many adjacent tokens are also indexed joined ("cease fire" as "ceasefire" too).</summary>
    public const int MaxJoined = 3;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _increment;
    private readonly List<(string Folded, int Start, int End)> _tokens = [];
    private string _text = string.Empty;
    private int _token;
    private int _joined;

    public MirrorTokenizer(TextReader input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>
    /// The analyzer of the article fields: each token, then the runs of two and three tokens starting there joined
    /// without a separator at the same position (shingles), so the query term "ceasefire" also finds "cease fire" and
    /// "cease-fire", as NewsWatcher's matcher does. Query terms are cut with <see cref="Tokenize"/> (no joined runs).
    /// </summary>
    public static Analyzer Analyzer { get; } = Analyzer.NewAnonymous((_, reader) => new TokenStreamComponents(new MirrorTokenizer(reader)));

    /// <summary>The folded tokens of <paramref name="text"/> with their character ranges.</summary>
    public static IReadOnlyList<(string Folded, int Start, int End)> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<(string, int, int)>();
        var i = 0;
        while (NextToken(text, ref i, out var start))
        {
            tokens.Add((Fold(text.AsSpan(start, i - start)), start, i));
        }

        return tokens;
    }

    /// <summary>Whether <paramref name="text"/> has at least one token.</summary>
    public static bool HasToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        return NextToken(text, ref i, out _);
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        if (_joined == MaxJoined || _token + _joined >= _tokens.Count)
        {
            _token++;
            _joined = 0;
        }

        if (_token >= _tokens.Count)
        {
            return false;
        }

        var first = _tokens[_token];
        var last = _tokens[_token + _joined];
        _term.SetEmpty();
        for (var t = _token; t <= _token + _joined; t++)
        {
            _term.Append(_tokens[t].Folded);
        }

        _increment.PositionIncrement = _joined == 0 ? 1 : 0;
        _offset.SetOffset(CorrectOffset(first.Start), CorrectOffset(last.End));
        _joined++;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        // Lucene's reusable string reader does not implement ReadToEnd; read it in blocks.
        var text = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = m_input.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
        }

        _text = text.ToString();
        _tokens.Clear();
        _tokens.AddRange(Tokenize(_text));
        _token = 0;
        _joined = 0;
    }

    public override void End()
    {
        base.End();
        var end = CorrectOffset(_text.Length);
        _offset.SetOffset(end, end);
    }

    private static bool NextToken(string text, ref int i, out int start)
    {
        while (i < text.Length && !IsTokenChar(text, i))
        {
            i++;
        }

        start = i;
        while (i < text.Length && IsTokenChar(text, i))
        {
            i++;
        }

        return i > start;
    }

    private static bool IsTokenChar(string text, int i)
    {
        var c = text[i];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        if (c is '\u2019' or '\u2018' or '\u02BC' or '\u02B9' or '\u00B4' or '\u2032')
        {
            return false; // apostrophes
        }

        return char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static string Fold(ReadOnlySpan<char> token)
    {
        if (!token.ContainsAnyExceptInRange((char)0, (char)0x7F))
        {
            return token.ToString().ToLowerInvariant();
        }

        var decomposed = token.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case var _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark:
                    break;
                case '\u03C2':
                    folded.Append('\u03C3');
                    break;
                case '\u00DF':
                    folded.Append("ss");
                    break;
                default:
                    folded.Append(c);
                    break;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
