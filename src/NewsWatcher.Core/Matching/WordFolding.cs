using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// The one place that decides what a word character is and how a word is folded, shared by article text and
/// rule terms so both sides always agree.
/// </summary>
internal static class WordFolding
{
    /// <summary>Apostrophe-like marks inside a word; unified so "Trump’s" and "Trump's" (and Ukrainian "перемир’я") compare equal.</summary>
    public static bool IsApostrophe(char c) =>
        c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '\u02B9' or '`' or '\u00B4' or '\u2032';

    /// <summary>Hyphens inside a word: ASCII hyphen-minus and the Unicode hyphens (not the soft hyphen: see <see cref="IsIgnorable"/>).</summary>
    public static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011';

    /// <summary>
    /// Invisible format characters (Unicode category Cf, default-ignorable) that outlets put inside words: the soft
    /// hyphen, zero-width space, non-joiner and joiner, word joiner, BOM, and the bidi marks, embeddings and isolates.
    /// Between two word characters they belong to the word and fold to nothing, because the reader sees one word:
    /// "cease\u00ADfire" is "ceasefire" and "Is\u200Brael" is "Israel". A zero-width space is a line-break opportunity
    /// in the Unicode sense, but in English and Cyrillic news it sits inside words (hyphenation, copy protection), so
    /// it joins rather than separates; where a word boundary is meant, outlets write a space.
    /// </summary>
    public static bool IsIgnorable(char c) =>
        c is '\u00AD' or '\u061C' or '\u180E' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E')
            or (>= '\u2060' and <= '\u2064') or (>= '\u2066' and <= '\u206F') or '\uFEFF';

    /// <summary>
    /// Where the word goes on when <paramref name="text"/>[<paramref name="index"/>] starts a run of invisible characters
    /// (<see cref="IsIgnorable"/>) followed by a word character before <paramref name="end"/>; else -1 (the run ends the word).
    /// </summary>
    public static int AfterIgnorables(string text, int index, int end)
    {
        var i = index;
        while (i < end && IsIgnorable(text[i]))
        {
            i++;
        }

        return i > index && i < end && IsWordChar(text, i) ? i : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(string text, int index)
    {
        var c = text[index];

        // Most news is ASCII: letters and digits are the word characters there ('`' and '\'' are apostrophes).
        return c < 0x80 ? char.IsAsciiLetterOrDigit(c) : IsNonAsciiWordChar(text, index);
    }

    private static bool IsNonAsciiWordChar(string text, int index)
    {
        var c = text[index];
        if (IsApostrophe(c))
        {
            return false;
        }

        if (char.IsSurrogate(c))
        {
            // Letters outside the BMP are rare in news, but splitting a pair would corrupt offsets.
            return true;
        }

        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
            _ => false,
        };
    }

    /// <summary>
    /// Case-folds and strips diacritics ("Zelenskyy" = "ZELENSKYY", "café" = "cafe", "ё" = "е") and invisible format
    /// characters (<see cref="IsIgnorable"/>); also the case-folding pairs lower-casing misses ("ς" = "σ", "ß" = "ss").
    /// ASCII words, most of the news, take a fast path.
    /// </summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var ascii = true;
        foreach (var c in word)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return string.Create(word.Length, word, static (buffer, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    buffer[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                }
            });
        }

        var lower = word.ToString().ToLowerInvariant();
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (IsIgnorable(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c == '\u03C2')
            {
                builder.Append('\u03C3'); // final sigma
            }
            else if (c == '\u00DF')
            {
                builder.Append("ss");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
