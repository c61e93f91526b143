using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Delivery;

/// <summary>Helpers that make untrusted feed text safe for one-line places (subjects, headers) and short snippets.</summary>
public static class MailText
{
    /// <summary>
    /// Collapses every run of whitespace and control characters (CR, LF, tabs, NUL, Unicode line separators) into one space
    /// and trims, so feed text can never start a new header line (<see cref="PlainText.CollapseToOneLine"/>).
    /// </summary>
    public static string SingleLine(string? text) => PlainText.CollapseToOneLine(text);

    /// <summary>Cuts text to at most <paramref name="maxLength"/> characters plus an ellipsis, preferring a word boundary and never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, CutLength(text, maxLength)), "…");
    }

    /// <summary>
    /// How many leading characters of <paramref name="text"/> to keep so it fits <paramref name="maxLength"/>: a word
    /// boundary in the last fifth reads better than a word cut in half; otherwise a hard cut.
    /// </summary>
    public static int CutLength(string text, int maxLength) =>
        PlainText.WordCutLength(text, maxLength, minWordCut: (maxLength * 4 / 5) + 1);
}
