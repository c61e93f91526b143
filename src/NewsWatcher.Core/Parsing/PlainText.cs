using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsWatcher.Core.Parsing;

/// <summary>Turns feed text (often HTML) into plain, single-spaced text.</summary>
public static partial class PlainText
{
    private static readonly Encoding _cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>Script and style starts, looked for in one pass over the text.</summary>
    private static readonly SearchValues<string> _scriptOrStyleStarts = SearchValues.Create(["<script", "<style"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Strips tags (dropping script/style content and comments), decodes entities and collapses whitespace.</summary>
    public static string HtmlToText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        var text = html;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = RemoveScriptAndStyle(text);
            text = Comment().Replace(text, " ");
            // Block tags become spaces so "a<br>b" and "</p><p>" do not glue words together; inline tags
            // ("<a>Jane</a>: said") vanish so no space appears before punctuation.
            text = ReplaceTags(text);
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
            // Escaped markup ("&lt;p&gt;Title&lt;/p&gt;") is still markup once decoded; only real tag shapes are removed.
            if (text.Contains('<', StringComparison.Ordinal))
            {
                text = RemoveScriptAndStyle(text);
                text = KnownTag().Replace(text, " ");
            }
        }

        return CollapseWhitespace(FixCp1252Controls(text));
    }

    /// <summary>
    /// <see cref="ScriptOrStyle"/> replaced by a space; its pattern (a case-insensitive back-reference) runs interpreted,
    /// so it is only run on text that has such an element (its case-insensitive letters match only ASCII letters).
    /// </summary>
    private static string RemoveScriptAndStyle(string text) =>
        text.AsSpan().ContainsAny(_scriptOrStyleStarts) ? ScriptOrStyle().Replace(text, " ") : text;

    /// <summary>
    /// Every match of <c>&lt;/?[A-Za-z!/?][^&lt;&gt;]*(&gt;|$)</c>, left to right, replaced by nothing (an
    /// <see cref="InlineTag"/>) or a space: a '&lt;', one of <c>[A-Za-z!/?]</c>, then everything up to the next '&gt;'
    /// (included) or the end of the text; a '&lt;' met first means no tag starts there. Written out because the regex
    /// replace with a callback cost a quarter of the text clean-up.
    /// </summary>
    private static string ReplaceTags(string text)
    {
        var start = text.IndexOf('<', StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            var copied = 0;
            var changed = false;
            for (var i = start; i >= 0 && i < text.Length; i = text.IndexOf('<', i))
            {
                if (i + 1 >= text.Length || !IsTagStart(text[i + 1]))
                {
                    i++;
                    continue;
                }

                var close = text.AsSpan(i + 2).IndexOfAny('<', '>');
                int end;
                if (close < 0)
                {
                    end = text.Length;
                }
                else if (text[i + 2 + close] == '>')
                {
                    end = i + 2 + close + 1;
                }
                else
                {
                    i++;
                    continue;
                }

                text.AsSpan(copied, i - copied).CopyTo(buffer.AsSpan(length));
                length += i - copied;
                if (!InlineTag().IsMatch(text.AsSpan(i, end - i)))
                {
                    buffer[length++] = ' ';
                }

                copied = end;
                changed = true;
                i = end;
            }

            if (!changed)
            {
                return text;
            }

            text.AsSpan(copied).CopyTo(buffer.AsSpan(length));
            length += text.Length - copied;
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c is '!' or '/' or '?';
    }

    /// <summary>Collapses runs of whitespace (including no-break spaces) to one space, drops control characters and trims.</summary>
    public static string CollapseWhitespace(string? text) => Collapse(text, oneLine: false);

    /// <summary>
    /// Collapses every run of whitespace and control characters (CR, LF, tabs, NUL, Unicode line separators) into one
    /// space and trims, so untrusted text can never start a new header line; other characters are kept as they are.
    /// </summary>
    public static string CollapseToOneLine(string? text) => Collapse(text, oneLine: true);

    /// <summary>The one whitespace pass.</summary>
    /// <param name="oneLine">Control characters separate words (a header must not lose a word boundary at a CR); otherwise they are dropped, as are zero-width spaces and noncharacters in article text.</param>
    private static string Collapse(string? text, bool oneLine)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // One pass into a pooled buffer; most titles are already clean, and then the input itself is returned.
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var length = 0;
            var changed = false;
            var pendingSpace = false;
            for (var i = 0; i < text.Length;)
            {
                var c = text[i];

                // Printable ASCII and the space are most of any text: a run of them is copied a word group at a time
                // (up to the next double space), found and copied by vectorised searches instead of a check per character.
                if ((uint)(c - ' ') <= '~' - ' ')
                {
                    var runLength = text.AsSpan(i).IndexOfAnyExceptInRange(' ', '~');
                    var run = text.AsSpan(i, runLength < 0 ? text.Length - i : runLength);
                    i += run.Length;
                    while (!run.IsEmpty)
                    {
                        var spaces = run.IndexOfAnyExcept(' ');
                        if (spaces != 0)
                        {
                            var count = spaces < 0 ? run.Length : spaces;
                            changed |= count > 1 || pendingSpace || length == 0;
                            pendingSpace = length > 0;
                            run = run[count..];
                            if (run.IsEmpty)
                            {
                                break;
                            }
                        }

                        var words = run.IndexOf("  ", StringComparison.Ordinal) is var gap and >= 0 ? run[..gap] : run;
                        if (words[^1] == ' ')
                        {
                            words = words[..^1]; // its trailing space is the next run of spaces
                        }

                        if (pendingSpace)
                        {
                            buffer[length++] = ' ';
                            pendingSpace = false;
                        }

                        words.CopyTo(buffer.AsSpan(length));
                        length += words.Length;
                        run = run[words.Length..];
                    }

                    continue;
                }

                i++;
                if (char.IsWhiteSpace(c) || (oneLine ? char.IsControl(c) : c == '\u200B'))
                {
                    changed |= c != ' ' || pendingSpace || length == 0;
                    pendingSpace = length > 0;
                    continue;
                }

                if (!oneLine && (char.IsControl(c) || c == '\uFFFE' || c == '\uFFFF'))
                {
                    changed = true;
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[length++] = ' ';
                    pendingSpace = false;
                }

                buffer[length++] = c;
            }

            changed |= pendingSpace; // trailing whitespace dropped
            return changed ? new string(buffer, 0, length) : text;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Shortens text to at most <paramref name="maxLength"/> characters, cutting at a word boundary and appending '…'.</summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= maxLength)
        {
            return text;
        }

        // One character is left for the ellipsis. A single enormous word (a URL, CJK text without spaces) is cut hard
        // rather than dropped.
        var cut = WordCutLength(text, maxLength - 1, minWordCut: maxLength / 2);
        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }

    /// <summary>
    /// How many leading characters of <paramref name="text"/> to keep so it fits <paramref name="limit"/>: up to the last
    /// space when that space is at <paramref name="minWordCut"/> or later, otherwise a hard cut; never splits a surrogate pair.
    /// </summary>
    public static int WordCutLength(string text, int limit, int minWordCut)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
        {
            return text.Length;
        }

        var space = text.LastIndexOf(' ', limit);
        var cut = space >= minWordCut ? space : limit;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return cut;
    }

    /// <summary>
    /// A headline reduced to lower-case words and single spaces, for recognising the same article after a publisher
    /// changed its guid or link; null for headlines too short (under three words) to identify an article.
    /// </summary>
    public static string? TitleKey(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var words = WordRun().Matches(title.ToLowerInvariant()).Select(m => m.Value).ToList();
        return words.Count < 3 ? null : string.Join(' ', words);
    }

    /// <summary>C1 controls in feed text are almost always cp1252 punctuation decoded as Latin-1 (U+0092 is really ’).</summary>
    private static string FixCp1252Controls(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0080', '\u009F'))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '\u0080' and <= '\u009F')
            {
                var mapped = _cp1252.GetString([(byte)chars[i]]);
                chars[i] = mapped.Length == 1 ? mapped[0] : ' ';
            }
        }

        return new string(chars);
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<!--.*?(-->|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"</?(?:a|abbr|b|blockquote|br|code|div|em|figure|figcaption|font|h[1-6]|hr|i|img|li|ol|p|pre|q|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)\b[^<>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownTag();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRun();

    [GeneratedRegex(@"^</?(?:a|abbr|b|cite|code|em|font|i|q|s|small|span|strong|sub|sup|u|time|mark)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineTag();
}
