namespace NewsWatcher.Core.Parsing;

/// <summary>What the parser reads from a feed document: the root's name, the items, and where the channel's link and ttl come from.</summary>
internal sealed class FeedDocument(string rootName, List<FeedElementFields> items, FeedElementFields? ttlSource, FeedElementFields? linkSource)
{
    public string RootName { get; } = rootName;

    /// <summary>The items and entries in document order (the root itself for an Atom entry document).</summary>
    public List<FeedElementFields> Items { get; } = items;

    /// <summary>The channel (or Atom feed root) whose &lt;ttl&gt; and sy:updatePeriod count; null when there is none.</summary>
    public FeedElementFields? TtlSource { get; } = ttlSource;

    /// <summary>The element whose link is the base for relative item links (the channel, else the root); null for an entry document.</summary>
    public FeedElementFields? LinkSource { get; } = linkSource;

    /// <summary>The text the document was read from (after repairs), for FeedReader's second look.</summary>
    public ReadOnlyMemory<char> Text { get; set; }
}
