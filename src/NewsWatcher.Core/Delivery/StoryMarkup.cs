namespace NewsWatcher.Core.Delivery;

/// <summary>
/// How one chat format dresses text: its escaping, links, bold, italics and list items. <see cref="ChannelText"/> decides
/// which parts of a story are said and in what order; a kind says only how they look (its own nested markup).
/// </summary>
internal abstract class StoryMarkup
{
    /// <summary>Feed text made safe to show as text.</summary>
    public abstract string Escape(string text);

    /// <summary>A link labelled with <paramref name="label"/> (plain text: the markup escapes it).</summary>
    public abstract string Link(string label, string url);

    /// <summary>Bold <paramref name="markup"/> (already escaped).</summary>
    public abstract string Bold(string markup);

    /// <summary>Italic <paramref name="markup"/> (already escaped).</summary>
    public abstract string Italic(string markup);

    /// <summary>One entry of a bulleted list.</summary>
    public virtual string ListItem(string markup) => "• " + markup;

    /// <summary>The headline line (the linked title, or the bold title without a link); null where the payload carries the title itself.</summary>
    public virtual string? Headline(string title, string? link) => link is null ? Bold(Escape(title)) : Link(title, link);

    /// <summary>The meta line (development, outlet, time).</summary>
    public virtual string Meta(string meta) => Escape(meta);

    /// <summary>Why the story matched, in italics; null to leave the line out (when there is nothing to say).</summary>
    public virtual string? Matched(string matched) => matched.Length == 0 ? null : Italic(Escape(matched));
}
