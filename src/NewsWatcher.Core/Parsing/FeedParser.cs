using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CodeHollow.FeedReader;

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
    private static readonly TimeSpan _maxPublisherWait = TimeSpan.FromDays(7);
    private static readonly HashSet<string> _feedRoots = new(StringComparer.Ordinal) { "rss", "RDF", "feed", "channel", "entry" };
    private static readonly FeedField[] _dateFields = [FeedField.PubDate, FeedField.Published, FeedField.Issued, FeedField.Date, FeedField.Updated, FeedField.Modified];

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
        var text = FeedTextDecoder.Decode(content, httpCharset, repairs, out var length, out var error);
        if (text is null)
        {
            return FeedParseResult.Failed(error ?? "undecodable body");
        }

        try
        {
            return Read(text.AsMemory(0, length), repairs, feedId, firstSeen, baseUri);
        }
        finally
        {
            if (text.Length <= FeedTextDecoder.MaxPooledChars)
            {
                ArrayPool<char>.Shared.Return(text);
            }
        }
    }

    private static FeedParseResult Read(ReadOnlyMemory<char> text, List<string> repairs, string feedId, DateTimeOffset firstSeen, Uri? baseUri)
    {
        var document = FeedDocumentLoader.Load(text, repairs, out var error);
        if (document is null)
        {
            return FeedParseResult.Failed(error ?? "not XML: no root element");
        }

        if (!_feedRoots.Contains(document.RootName))
        {
            return FeedParseResult.Failed($"not a feed: root element <{document.RootName}>");
        }

        var ttl = Ttl(document.TtlSource);
        var itemFields = document.Items;
        List<FeedItem>? feedItems = null;
        if (itemFields.Count == 0)
        {
            // Our own reading of the elements is the fast path (FeedReader would parse the whole document a second
            // time, four times the cost for the same fields on the corpus); FeedReader gets a second look only here.
            feedItems = TryFeedReader(document.Text.ToString());
            if (feedItems is not { Count: > 0 })
            {
                return new FeedParseResult([], null) { Repairs = repairs, Ttl = ttl };
            }

            itemFields = [.. feedItems.Select(i => FeedElementFields.From(i.Title, i.Link, i.Id, i.Description, i.PublishingDateString))];
        }

        var documentBase = DocumentBase(baseUri, document.LinkSource is { } channel ? RawLink(channel) : null);
        var drafts = new List<Draft>(itemFields.Count);
        var cutItems = 0;
        for (var i = 0; i < itemFields.Count; i++)
        {
            var cut = false;
            if (Draft.From(i, itemFields[i], feedItems?[i], documentBase, ref cut) is { } draft)
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
        HashSet<string>? seenLinks = null;
        HashSet<string>? sharedLinks = null;
        foreach (var draft in drafts)
        {
            if (draft is { Guid: null, Link: { } link } && !(seenLinks ??= new(StringComparer.Ordinal)).Add(link))
            {
                (sharedLinks ??= new(StringComparer.Ordinal)).Add(link);
            }
        }

        var articles = new List<Article>(drafts.Count);
        var seenIds = new HashSet<string>(drafts.Count, StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            var id = draft.Guid
                ?? (draft.Link is not null && sharedLinks?.Contains(draft.Link) != true ? draft.Link : null)
                ?? ContentId(draft.Link, draft.Title, draft.Summary);
            if (seenIds.Add(id))
            {
                var (published, isFirstSeen) = Published(itemFields[draft.Index], feedItems?[draft.Index], firstSeen);
                articles.Add(new Article(id, feedId, draft.Title, draft.Summary, draft.Link, published, isFirstSeen, draft.Outlet));
            }
        }

        return new FeedParseResult(articles, null) { Repairs = repairs, Ttl = ttl };
    }

    /// <summary>
    /// How long the publisher asks readers to wait between polls: the longer of RSS &lt;ttl&gt; (minutes) and the
    /// syndication module's sy:updatePeriod divided by sy:updateFrequency (defaults daily and 1). Nonsense values (0,
    /// negative, an unknown period, beyond a week) are ignored.
    /// </summary>
    private static TimeSpan? Ttl(FeedElementFields? channel)
    {
        var text = channel?.Value(FeedField.Ttl);
        TimeSpan? ttl = int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0 && minutes <= _maxPublisherWait.TotalMinutes
            ? TimeSpan.FromMinutes(minutes)
            : null;
        var period = UpdatePeriod(channel) is { } p && p <= _maxPublisherWait ? p : (TimeSpan?)null;
        return period > ttl || ttl is null ? period : ttl;
    }

    /// <summary>sy:updatePeriod / sy:updateFrequency, or null when the channel names neither or either is nonsense.</summary>
    private static TimeSpan? UpdatePeriod(FeedElementFields? channel)
    {
        var periodText = channel?.Value(FeedField.UpdatePeriod)?.Trim();
        var frequencyText = channel?.Value(FeedField.UpdateFrequency)?.Trim();
        if (periodText is null && frequencyText is null)
        {
            return null;
        }

        TimeSpan? period = (periodText ?? "daily").ToUpperInvariant() switch
        {
            "HOURLY" => TimeSpan.FromHours(1),
            "DAILY" => TimeSpan.FromDays(1),
            "WEEKLY" => TimeSpan.FromDays(7),
            "MONTHLY" => TimeSpan.FromDays(30),
            "YEARLY" => TimeSpan.FromDays(365),
            _ => null,
        };
        var frequency = 1;
        return period is { } length && (frequencyText is null || (int.TryParse(frequencyText, NumberStyles.None, CultureInfo.InvariantCulture, out frequency) && frequency > 0))
            ? length / frequency
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

    /// <summary>"sha256:" + hex of the content; the link (when shared by several items) is included so it still separates stories.</summary>
    internal static string ContentId(string? link, string title, string summary) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((link is null ? string.Empty : link + "\n") + title + "\n" + summary)));

    /// <summary>An item's normalised text fields, before its id is chosen.</summary>
    private sealed record Draft(int Index, string? Guid, string Title, string Summary, string? Link, string? Outlet)
    {
        public static Draft? From(int index, FeedElementFields element, FeedItem? item, Uri? documentBase, ref bool cut)
        {
            var title = FieldCap.Text(NonEmpty(item?.Title) ?? element.Value(FeedField.Title), MaxTitleLength, ref cut);
            var rawSummary = NonEmpty(item?.Description) ?? element.Value(FeedField.Description) ?? element.Value(FeedField.Summary)
                ?? NonEmpty(item?.Content) ?? element.Value(FeedField.Encoded) ?? element.Value(FeedField.Content);
            var summary = FieldCap.Text(rawSummary, MaxSummaryLength); // long descriptions are common: not a repair
            var link = FieldCap.Link(NonEmpty(item?.Link) ?? RawLink(element), EffectiveBase(element, documentBase), MaxLinkLength, ref cut);

            // RSS 0.92 makes every item element optional; an item that carries only a description is still news.
            if (title.Length == 0 && link is null && summary.Length == 0)
            {
                return null;
            }

            var guid = FieldCap.Id(NonEmpty(item?.Id)?.Trim() ?? element.Value(FeedField.Guid)?.Trim() ?? element.Value(FeedField.Id)?.Trim(), MaxIdLength, ref cut);
            var outlet = FieldCap.Text(element.Value(FeedField.Source), MaxTitleLength);
            return new Draft(index, guid, title, summary, link, outlet.Length == 0 ? null : outlet);
        }
    }

    private static (DateTimeOffset Published, bool IsFirstSeen) Published(FeedElementFields element, FeedItem? item, DateTimeOffset firstSeen)
    {
        DateTimeOffset? found = null;
        // The raw string keeps its zone; FeedReader's DateTime may have been shifted to the machine's local time.
        if (NonEmpty(item?.PublishingDateString) is { } fromReader && FeedDateParser.TryParse(fromReader, out var parsed))
        {
            found = parsed;
        }
        else
        {
            foreach (var field in _dateFields)
            {
                if (element.Value(field) is { } value && FeedDateParser.TryParse(value, out parsed))
                {
                    found = parsed;
                    break;
                }
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

        if (found is not { } value2 || value2 > firstSeen + _futureTolerance)
        {
            return (firstSeen.ToUniversalTime(), true);
        }

        return (value2.ToUniversalTime(), false);
    }

    private static string? RawLink(FeedElementFields element)
    {
        string? fallback = null;
        foreach (var (href, rel, text) in element.Links ?? [])
        {
            if (href is null)
            {
                if (NonEmpty(text) is { } value)
                {
                    return value.Trim();
                }

                continue;
            }

            if (rel is null or "alternate")
            {
                return href;
            }

            fallback ??= href;
        }

        // A guid is only a link when it is already absolute; "only-an-id" must not become https://site/only-an-id.
        if (element.HasGuid && element.GuidIsPermaLink != "false" && NonEmpty(element.GuidText) is { Length: <= MaxLinkLength } permalink
            && LinkCanonicalizer.Canonicalize(permalink, null) is not null)
        {
            return permalink.Trim();
        }

        return fallback;
    }

    /// <summary>The base for relative links before any xml:base: the fetch URI, refined by the channel link.</summary>
    private static Uri? DocumentBase(Uri? baseUri, string? channelLink)
    {
        var current = baseUri is { IsAbsoluteUri: true } ? baseUri : null;
        if (LinkCanonicalizer.Canonicalize(channelLink, current) is { } channel && Uri.TryCreate(channel, UriKind.Absolute, out var channelUri))
        {
            current = channelUri;
        }

        return current;
    }

    /// <summary>The base for an item's relative links: the document's base, refined by any xml:base on the way down to it.</summary>
    private static Uri? EffectiveBase(FeedElementFields element, Uri? documentBase)
    {
        var current = documentBase;
        foreach (var xmlBase in element.Bases ?? [])
        {
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

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
