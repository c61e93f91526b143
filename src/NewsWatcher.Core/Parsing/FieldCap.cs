using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Bounds what one feed item can carry, so no stage after parsing (matching, the store's enqueue script, mail) ever
/// sees a megabyte field, and bounds the work spent on a hostile field before it is cut.
/// </summary>
internal static class FieldCap
{
    /// <summary>
    /// Most raw characters (markup included) of one field that are turned into text; the rest is never looked at.
    /// Generous, so a description led by a large inline image or a long style block still yields its text.
    /// </summary>
    public const int MaxRawLength = 256 * 1024;

    /// <summary>Starts of the elements whose content the text drops only when their end is there too, raw or escaped.</summary>
    private static readonly SearchValues<string> _openElementStarts = SearchValues.Create(
        ["<script", "<style", "&lt;script", "&lt;style", "&#60;", "&#x3c;"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The field's plain text (<see cref="PlainText.HtmlToText"/>) in at most <paramref name="maxLength"/> characters,
    /// cut at a word boundary and ending in '…' when anything was left out.
    /// </summary>
    /// <param name="cut">Set to true when the text was cut.</param>
    public static string Text(string? raw, int maxLength, ref bool cut)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        if (HeadText(raw, maxLength) is { } fromHead)
        {
            cut = true;
            return fromHead;
        }

        if (raw.Length <= MaxRawLength)
        {
            var text = PlainText.HtmlToText(raw);
            if (text.Length <= maxLength)
            {
                return text;
            }

            cut = true;
            return PlainText.Truncate(text, maxLength);
        }

        // Only the head is converted: even when its text fits, something was left out, so it is marked as cut.
        cut = true;
        var head = PlainText.HtmlToText(raw[..PlainText.WordCutLength(raw, MaxRawLength, MaxRawLength / 2)]);
        var keep = PlainText.WordCutLength(head, Math.Min(head.Length, maxLength - 1), (maxLength - 1) / 2);
        return string.Concat(head.AsSpan(0, keep).TrimEnd(), "…");
    }

    /// <summary>
    /// A long field (a podcast's show notes, a whole article in a description) cut to <paramref name="maxLength"/> from
    /// the text of a head of it, growing the head until its text is long enough: the same text as from the whole field,
    /// without converting the many kilobytes that would be cut anyway. Null when the whole field is needed: it is not
    /// long, or its head has a script or style element whose end may lie past the head (and would be kept as text).
    /// </summary>
    private static string? HeadText(string raw, int maxLength)
    {
        // A head's text agrees with the whole field's except near its end (a tag, entity or comment cut in two there).
        const int Slack = 64;
        for (var head = Math.Max(4 * maxLength, 1024); head < Math.Min(raw.Length, MaxRawLength); head *= 4)
        {
            var span = raw.AsSpan(0, head);
            if (span.ContainsAny(_openElementStarts))
            {
                return null;
            }

            var text = PlainText.HtmlToText(raw[..head]);
            if (text.Length > maxLength + Slack)
            {
                return PlainText.Truncate(text, maxLength);
            }
        }

        return null;
    }

    /// <summary>As <see cref="Text(string?, int, ref bool)"/>, for a field whose cut is routine (a long summary), not worth reporting.</summary>
    public static string Text(string? raw, int maxLength)
    {
        var cut = false;
        return Text(raw, maxLength, ref cut);
    }

    /// <summary>An id longer than <paramref name="maxLength"/> is replaced by its hash: still stable and distinct, no longer huge.</summary>
    public static string? Id(string? id, int maxLength, ref bool cut)
    {
        if (id is null || id.Length <= maxLength)
        {
            return id;
        }

        cut = true;
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>A link is never cut (a cut link leads elsewhere): one longer than <paramref name="maxLength"/> is dropped.</summary>
    public static string? Link(string? raw, Uri? baseUri, int maxLength, ref bool cut)
    {
        if (raw is null)
        {
            return null;
        }

        var link = raw.AsSpan().Trim().Length <= maxLength ? LinkCanonicalizer.Canonicalize(raw, baseUri) : raw;
        if (link is not null && link.Length > maxLength)
        {
            cut = true;
            return null;
        }

        return link;
    }
}
