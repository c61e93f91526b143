using System.Security.Cryptography;
using System.Text;
using NewsWatcher.Core.Articles;

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
