using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Parsing;

/// <summary>Turns feed bytes (RSS 0.9x/1.0/2.0, Atom) into normalised <see cref="Article"/>s. Never throws.</summary>
public static class FeedParser
{
    /// <summary>Longest summary kept, in characters, before it is cut at a word boundary.</summary>
    public const int MaxSummaryLength = 1000;

    /// <summary>Longest title kept, in characters, before it is cut at a word boundary (headlines run to about 100).</summary>
    public const int MaxTitleLength = 1000;

    /// <summary>Longest link kept, in characters; a longer one is dropped rather than cut (a cut link leads elsewhere).</summary>
    public const int MaxLinkLength = 2048;

    /// <summary>Longest guid used as the id as it is; a longer one is replaced by its SHA-256.</summary>
    public const int MaxIdLength = 512;

    private static readonly TimeSpan _futureTolerance = TimeSpan.FromDays(1);
    private static readonly HashSet<string> _feedRoots = new(StringComparer.Ordinal) { "rss", "RDF", "feed", "channel", "entry" };
    private static readonly XNamespace _xml = XNamespace.Xml;

    /// <param name="content">The raw document bytes as fetched.</param>
    /// <param name="feedId">Stamped on every article.</param>
    /// <param name="firstSeen">Used as the published time of items that carry no date.</param>
    /// <param name="baseUri">Where the document came from; resolves relative links.</param>
    /// <param name="httpCharset">The charset of the HTTP Content-Type, when the server sent one.</param>
    public static FeedParseResult Parse(byte[] content, string feedId, DateTimeOffset firstSeen, Uri? baseUri = null, string? httpCharset = null)
    {
        try
        {
            return ParseCore(content, feedId, firstSeen, baseUri, httpCharset);
        }
#pragma warning disable CA1031 // One hostile or broken document must never take the poll job down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return FeedParseResult.Failed($"parser failure: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static FeedParseResult ParseCore(byte[] content, string feedId, DateTimeOffset firstSeen, Uri? baseUri, string? httpCharset)
    {
        if (content is null || content.Length == 0)
        {
            return FeedParseResult.Failed("empty body");
        }

        var repairs = new List<string>();
        var text = FeedTextDecoder.Decode(content, httpCharset, repairs, out var error);
        if (text is null)
        {
            return FeedParseResult.Failed(error ?? "undecodable body");
        }

        var document = FeedDocumentLoader.Load(text, repairs, out var cleaned, out error);
        if (document?.Root is null)
        {
            return FeedParseResult.Failed(error ?? "not XML: no root element");
        }

        var root = document.Root;
        if (!_feedRoots.Contains(root.Name.LocalName))
        {
            return FeedParseResult.Failed($"not a feed: root element <{root.Name.LocalName}>");
        }

        var ttl = Ttl(root);
        var itemElements = ItemElements(root).ToList();
        List<FeedItem>? feedItems = null;
        if (itemElements.Count == 0)
        {
            // Our own reading of the elements is the fast path (FeedReader would parse the whole document a second
            // time, four times the cost for the same fields on the corpus); FeedReader gets a second look only here.
            feedItems = TryFeedReader(cleaned);
            if (feedItems is not { Count: > 0 })
            {
                return new FeedParseResult([], null) { Repairs = repairs, Ttl = ttl };
            }

            itemElements = [.. feedItems.Select(ElementOf)];
        }

        var channelLink = ChannelLink(root);
        var drafts = new List<Draft>(itemElements.Count);
        var cutItems = 0;
        for (var i = 0; i < itemElements.Count; i++)
        {
            var cut = false;
            if (Draft.From(i, itemElements[i], feedItems?[i], baseUri, channelLink, ref cut) is { } draft)
            {
                drafts.Add(draft);
            }

            cutItems += cut ? 1 : 0;
        }

        if (cutItems > 0)
        {
            repairs.Add(string.Create(CultureInfo.InvariantCulture, $"{cutItems} items had a title, link or guid over the length limits ({MaxTitleLength}, {MaxLinkLength} and {MaxIdLength} characters): cut"));
        }

        // Without a guid the link is the id, unless several items share it (a generic "news page" link): then they are told apart by content.
        var sharedLinks = drafts.Where(d => d.Guid is null && d.Link is not null)
            .GroupBy(d => d.Link!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);

        var articles = new List<Article>(drafts.Count);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            var id = draft.Guid
                ?? (draft.Link is not null && !sharedLinks.Contains(draft.Link) ? draft.Link : null)
                ?? ContentId(draft.Link, draft.Title, draft.Summary);
            if (seenIds.Add(id))
            {
                var (published, isFirstSeen) = Published(itemElements[draft.Index], feedItems?[draft.Index], firstSeen);
                articles.Add(new Article(id, feedId, draft.Title, draft.Summary, draft.Link, published, isFirstSeen));
            }
        }

        return new FeedParseResult(articles, null) { Repairs = repairs, Ttl = ttl };
    }

    /// <summary>RSS &lt;ttl&gt; in minutes; nonsense values (0, negative, beyond a week) are ignored.</summary>
    private static TimeSpan? Ttl(XElement root)
    {
        var channel = root.Name.LocalName == "channel" ? root : root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        var text = channel is null ? null : ChildValue(channel, "ttl");
        return int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes is > 0 and <= 7 * 24 * 60
            ? TimeSpan.FromMinutes(minutes)
            : null;
    }

    /// <summary>FeedReader's view of the items, or null when it fails.</summary>
    private static List<FeedItem>? TryFeedReader(string cleaned)
    {
        try
        {
            return FeedReader.ReadFromString(cleaned).Items?.ToList();
        }
#pragma warning disable CA1031 // FeedReader throws NullReferenceException and others on odd but valid feeds; our own reading takes over.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>A FeedReader item as a plain RSS item element, so the rest of the parser reads it like any other.</summary>
    private static XElement ElementOf(FeedItem item)
    {
        var element = new XElement("item");
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("title", item.Title), ("link", item.Link), ("guid", item.Id), ("description", item.Description), ("pubDate", item.PublishingDateString)])
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                element.Add(new XElement(name, value));
            }
        }

        return element;
    }

    private static IEnumerable<XElement> ItemElements(XElement root)
    {
        // An Atom entry document (RFC 4287 §4.1.2) is one item on its own, as feedparser reads it.
        if (root.Name.LocalName == "entry")
        {
            yield return root;
            yield break;
        }

        foreach (var child in root.Elements())
        {
            var name = child.Name.LocalName;
            if (name is "item" or "entry")
            {
                yield return child;
            }
            else if (name == "channel")
            {
                foreach (var item in child.Elements().Where(e => e.Name.LocalName == "item"))
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>"sha256:" + hex of the content; the link (when shared by several items) is included so it still separates stories.</summary>
    internal static string ContentId(string? link, string title, string summary) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((link is null ? string.Empty : link + "\n") + title + "\n" + summary)));

    /// <summary>An item's normalised text fields, before its id is chosen.</summary>
    private sealed record Draft(int Index, string? Guid, string Title, string Summary, string? Link)
    {
        public static Draft? From(int index, XElement element, FeedItem? item, Uri? baseUri, string? channelLink, ref bool cut)
        {
            var title = FieldCap.Text(NonEmpty(item?.Title) ?? ChildValue(element, "title"), MaxTitleLength, ref cut);
            var rawSummary = NonEmpty(item?.Description) ?? ChildValue(element, "description") ?? ChildValue(element, "summary")
                ?? NonEmpty(item?.Content) ?? ChildValue(element, "encoded") ?? ChildValue(element, "content");
            var summary = FieldCap.Text(rawSummary, MaxSummaryLength); // long descriptions are common: not a repair
            var link = FieldCap.Link(NonEmpty(item?.Link) ?? RawLink(element), EffectiveBase(element, baseUri, channelLink), MaxLinkLength, ref cut);

            // RSS 0.92 makes every item element optional; an item that carries only a description is still news.
            if (title.Length == 0 && link is null && summary.Length == 0)
            {
                return null;
            }

            var guid = FieldCap.Id(NonEmpty(item?.Id)?.Trim() ?? ChildValue(element, "guid")?.Trim() ?? ChildValue(element, "id")?.Trim(), MaxIdLength, ref cut);
            return new Draft(index, guid, title, summary, link);
        }
    }

    private static (DateTimeOffset Published, bool IsFirstSeen) Published(XElement element, FeedItem? item, DateTimeOffset firstSeen)
    {
        DateTimeOffset? found = null;
        // The raw string keeps its zone; FeedReader's DateTime may have been shifted to the machine's local time.
        foreach (var raw in DateStrings(element, item))
        {
            if (FeedDateParser.TryParse(raw, out var parsed))
            {
                found = parsed;
                break;
            }
        }

        if (found is null && item?.PublishingDate is { } date)
        {
            found = date.Kind switch
            {
                DateTimeKind.Utc => new DateTimeOffset(date, TimeSpan.Zero),
                DateTimeKind.Local => new DateTimeOffset(date.ToUniversalTime(), TimeSpan.Zero),
                _ => new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc), TimeSpan.Zero),
            };
        }

        if (found is not { } value || value > firstSeen + _futureTolerance)
        {
            return (firstSeen.ToUniversalTime(), true);
        }

        return (value.ToUniversalTime(), false);
    }

    private static IEnumerable<string> DateStrings(XElement element, FeedItem? item)
    {
        if (NonEmpty(item?.PublishingDateString) is { } fromReader)
        {
            yield return fromReader;
        }

        foreach (var name in (string[])["pubDate", "published", "issued", "date", "updated", "modified"])
        {
            if (ChildValue(element, name) is { } value)
            {
                yield return value;
            }
        }
    }

    private static string? RawLink(XElement element)
    {
        string? fallback = null;
        foreach (var link in element.Elements().Where(e => e.Name.LocalName == "link"))
        {
            var href = link.Attribute("href")?.Value;
            if (href is null)
            {
                if (NonEmpty(link.Value) is { } text)
                {
                    return text.Trim();
                }

                continue;
            }

            var rel = link.Attribute("rel")?.Value;
            if (rel is null or "alternate")
            {
                return href;
            }

            fallback ??= href;
        }

        var guid = element.Elements().FirstOrDefault(e => e.Name.LocalName == "guid");
        // A guid is only a link when it is already absolute; "only-an-id" must not become https://site/only-an-id.
        if (guid is not null && guid.Attribute("isPermaLink")?.Value != "false" && NonEmpty(guid.Value) is { Length: <= MaxLinkLength } permalink
            && LinkCanonicalizer.Canonicalize(permalink, null) is not null)
        {
            return permalink.Trim();
        }

        return fallback;
    }

    private static string? ChannelLink(XElement root)
    {
        if (root.Name.LocalName == "entry")
        {
            return null; // the entry's own link is its article's link, not a base for it
        }

        var channel = root.Name.LocalName == "channel" ? root : root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel") ?? root;
        return RawLink(channel);
    }

    /// <summary>The base for relative links: the fetch URI, refined by the channel link and any xml:base on the way down.</summary>
    private static Uri? EffectiveBase(XElement element, Uri? baseUri, string? channelLink)
    {
        var current = baseUri is { IsAbsoluteUri: true } ? baseUri : null;
        if (LinkCanonicalizer.Canonicalize(channelLink, current) is { } channel && Uri.TryCreate(channel, UriKind.Absolute, out var channelUri))
        {
            current = channelUri;
        }

        foreach (var ancestor in element.AncestorsAndSelf().Reverse())
        {
            var xmlBase = ancestor.Attribute(_xml + "base")?.Value;
            if (string.IsNullOrWhiteSpace(xmlBase))
            {
                continue;
            }

            if (Uri.TryCreate(xmlBase.Trim(), UriKind.Absolute, out var absolute) && !absolute.IsFile)
            {
                current = absolute;
            }
            else if (current is not null && Uri.TryCreate(current, xmlBase.Trim(), out var combined))
            {
                current = combined;
            }
        }

        return current;
    }

    /// <summary>A child's text, preferring the item's own namespace: media:description must not shadow description.</summary>
    private static string? ChildValue(XElement element, string localName)
    {
        XElement? child = null;
        foreach (var candidate in element.Elements())
        {
            if (candidate.Name.LocalName != localName)
            {
                continue;
            }

            if (candidate.Name.Namespace == element.Name.Namespace)
            {
                child = candidate;
                break;
            }

            child ??= candidate;
        }

        return child is null ? null : NonEmpty(InnerText(child));
    }

    /// <summary>Atom xhtml content is markup, not text: keep its tags so HtmlToText sees the structure.</summary>
    private static string InnerText(XElement element) =>
        element.HasElements && element.Attribute("type")?.Value == "xhtml"
            ? string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)))
            : element.Value;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
