using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Parsing;

/// <summary>Turns feed bytes (RSS 0.9x/1.0/2.0, Atom) into normalised <see cref="Article"/>s. Never throws.</summary>
public static class FeedParser
{
    /// <param name="content">The raw document bytes as fetched.</param>
    /// <param name="feedId">Stamped on every article.</param>
    /// <param name="firstSeen">Used as the published time of items that carry no date.</param>
    /// <param name="baseUri">Where the document came from; resolves relative links.</param>
    public static FeedParseResult Parse(byte[] content, string feedId, DateTimeOffset firstSeen, Uri? baseUri = null)
    {
        throw new NotImplementedException();
    }
}
