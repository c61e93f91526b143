using System.Globalization;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Digests;

/// <summary>Groups pending items into a <see cref="Digest"/>: by category, newest first, with a subject naming the count and top headline.</summary>
public static class DigestComposer
{
    public const string SubjectPrefix = "[NewsWatcher] ";
    public const int MaxHeadlineLength = 100;

    public static Digest Compose(string digestId, Subscriber subscriber, DeliveryChannel channel, IReadOnlyList<DigestItem> items, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(digestId);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(items);

        // The pending set holds one entry per article, but a retried batch may repeat one; a reader wants each story once.
        var sections = items
            .DistinctBy(i => i.Key, StringComparer.Ordinal)
            .GroupBy(PrimaryCategory, StringComparer.Ordinal)
            .OrderBy(g => DigestCategories.Rank(g.Key))
            .Select(g => new DigestSection(
                g.Key,
                [.. g.OrderByDescending(i => i.Article.Published).ThenBy(i => i.Article.Id, StringComparer.Ordinal)]))
            .ToList();

        var digest = new Digest(digestId, subscriber, channel, "", sections, now);
        return digest with { Subject = Subject(digest) };
    }

    /// <summary>The most important category among the item's matches; an item goes in exactly one section.</summary>
    public static string PrimaryCategory(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Matches.Count == 0
            ? DigestCategories.Other
            : item.Matches
                .Select(m => DigestCategories.Normalize(m.Category))
                .MinBy(DigestCategories.Rank)!;
    }

    private static string Subject(Digest digest)
    {
        var prefix = digest.Channel == DeliveryChannel.Alert ? SubjectPrefix + "Alert: " : SubjectPrefix;
        if (digest.Sections.Count == 0)
        {
            return prefix + "no new items";
        }

        var first = digest.Sections[0];
        var headline = MailText.Truncate(MailText.SingleLine(first.Items[0].Article.Title), MaxHeadlineLength);
        if (headline.Length == 0)
        {
            headline = "(untitled)";
        }

        var more = digest.ItemCount - 1;
        var subject = $"{prefix}{DigestCategories.Title(first.Category)}: {headline}";
        return more > 0 ? string.Create(CultureInfo.InvariantCulture, $"{subject} — and {more} more") : subject;
    }
}
