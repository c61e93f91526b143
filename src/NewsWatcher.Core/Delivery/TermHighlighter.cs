using System.Net;
using System.Text;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Delivery;

/// <summary>HTML-encodes a field's text and wraps the matched spans in &lt;mark&gt;.</summary>
/// <remarks>
/// Spans come from the matcher and may overlap, repeat, or point past the text (the text may also have been cut to a snippet),
/// so they are clamped and merged rather than trusted.
/// </remarks>
public static class TermHighlighter
{
    public const string MarkStyle = "background:#fff3a3;color:inherit;padding:0 1px;";

    public static string Highlight(string text, string field, IEnumerable<MatchedTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);

        var spans = Spans(text, field, terms);
        var html = new StringBuilder(text.Length + (spans.Count * 48));
        var position = 0;
        foreach (var (start, end) in spans)
        {
            html.Append(WebUtility.HtmlEncode(text[position..start]));
            html.Append("<mark style=\"").Append(MarkStyle).Append("\">");
            html.Append(WebUtility.HtmlEncode(text[start..end]));
            html.Append("</mark>");
            position = end;
        }

        html.Append(WebUtility.HtmlEncode(text[position..]));
        return html.ToString();
    }

    /// <summary>Sorted, non-overlapping, non-empty [start, end) ranges inside <paramref name="text"/>.</summary>
    internal static List<(int Start, int End)> Spans(string text, string field, IEnumerable<MatchedTerm> terms)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            if (term is null || !string.Equals(term.Field, field, StringComparison.OrdinalIgnoreCase) || term.Length <= 0)
            {
                continue;
            }

            var start = Math.Clamp(term.Start, 0, text.Length);
            var end = (int)Math.Clamp((long)term.Start + term.Length, 0, text.Length);
            (start, end) = (AlignStart(text, start), AlignEnd(text, end));
            if (end > start)
            {
                ranges.Add((start, end));
            }
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)>(ranges.Count);
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    // A mark boundary inside a surrogate pair would leave two lone halves that encode to garbage.
    private static int AlignStart(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;

    private static int AlignEnd(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}
