using System.Text;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// A term as the matcher sees it: its folded letters with word and hyphen boundaries dropped ("cease-fire",
/// "cease fire" and "ceasefire" all become "ceasefire"), cut after each prefix word (<c>прекращени* огня</c>
/// becomes "прекращени" + rest-of-word + "огня").
/// </summary>
internal sealed class TermKey
{
    /// <summary>Shorter prefixes match too much ("pe*") to be a rule anyone meant.</summary>
    public const int MinimumPrefixLength = 3;

    private TermKey(IReadOnlyList<TermSegment> segments)
    {
        Segments = segments;
    }

    public IReadOnlyList<TermSegment> Segments { get; }

    /// <summary>Compiles a term (a word or a phrase), or says why it cannot be used and at which offset of <paramref name="text"/>.</summary>
    public static TermKey? TryCompile(string text, out string? error, out int errorOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var field = new FieldText();
        field.Reset(MatchField.Title, text, text.Length);
        error = null;
        errorOffset = 0;
        if (field.Count == 0)
        {
            error = $"'{text}' has no letters or digits to match";
            return null;
        }

        var segments = new List<TermSegment>();
        var chars = new StringBuilder();
        var stars = new HashSet<int>();
        for (var t = 0; t < field.Count; t++)
        {
            chars.Append(field.Folded(t));
            var wordEnds = t + 1 == field.Count || field[t + 1].Word != field[t].Word;
            var end = field[t].End;
            if (wordEnds && end < text.Length && text[end] == '*')
            {
                stars.Add(end);
                var wordStart = field[t].Start;
                for (var w = t; w >= 0 && field[w].Word == field[t].Word; w--)
                {
                    wordStart = field[w].Start;
                }

                var letters = 0;
                for (var w = t; w >= 0 && field[w].Word == field[t].Word; w--)
                {
                    letters += field[w].FoldLength;
                }

                if (letters < MinimumPrefixLength)
                {
                    error = $"prefix '{text[wordStart..(end + 1)]}' is too short (at least {MinimumPrefixLength} letters before '*')";
                    errorOffset = wordStart;
                    return null;
                }

                segments.Add(new TermSegment(chars.ToString(), Prefix: true));
                chars.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && (!stars.Contains(i) || (i + 1 < text.Length && WordFolding.IsWordChar(text, i + 1))))
            {
                error = "'*' may only end a word (e.g. negotiat*)";
                errorOffset = i;
                return null;
            }
        }

        if (chars.Length > 0)
        {
            segments.Add(new TermSegment(chars.ToString(), Prefix: false));
        }

        return new TermKey(segments);
    }
}

/// <summary>Folded letters that must follow each other across token boundaries; a prefix segment then skips to the end of its word.</summary>
internal readonly record struct TermSegment(string Chars, bool Prefix);
