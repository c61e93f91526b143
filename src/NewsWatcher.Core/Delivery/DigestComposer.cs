using System.Globalization;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// Groups pending items into a <see cref="Digest"/>: one entry per story, by category in order of importance, newest
/// first, capped at the subscriber's maximum, with a subject naming the top development and the count.
/// </summary>
public static class DigestComposer
{
    public const string DefaultSubjectPrefix = "[NewsWatcher]";
    public const int MaxHeadlineLength = 100;

    public static Digest Compose(
        string digestId,
        Route subscriber,
        OutboxKind outbox,
        IReadOnlyList<DigestItem> items,
        DateTimeOffset now,
        string subjectPrefix = DefaultSubjectPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(digestId);
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(items);

        // Importance first, then newest: the cap keeps what matters most.
        var stories = Stories(items)
            .OrderBy(i => DigestCategories.Rank(PrimaryCategory(i)))
            .ThenByDescending(i => i.Article.Published)
            .ThenBy(i => i.Article.Id, StringComparer.Ordinal)
            .ToList();
        var cap = subscriber.MaxItems is { } max && max < stories.Count ? max : stories.Count;

        var sections = outbox == OutboxKind.Digest
            ? ByThread(stories.Take(cap).ToList(), subscriber.TimeZone)
            : [.. Group(stories.Take(cap)).Select(g => new DigestSection(g.Key, [.. g]))];
        var omitted = Group(stories.Skip(cap)).Select(g => new DigestOmission(g.Key, g.Count())).ToList();
        var digest = new Digest(digestId, subscriber, outbox, "", sections, now) { Omitted = omitted };
        return digest with { Subject = Subject(digest, subjectPrefix) };
    }

    /// <summary>The item's stage (its section); for items queued before stages existed, the most important category among its matches.</summary>
    public static string PrimaryCategory(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return PrimaryCategory(item.Stage, item.Matches);
    }

    /// <summary>The stage when there is one, else the most important category among the matches.</summary>
    public static string PrimaryCategory(string? stage, IReadOnlyList<WatchMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (stage is { Length: > 0 })
        {
            return DigestCategories.Normalize(stage);
        }

        return matches.Count == 0
            ? DigestCategories.Other
            : matches
                .Select(m => DigestCategories.Normalize(m.Category))
                .MinBy(DigestCategories.Rank)!;
    }

    /// <summary>
    /// One entry per story: a retried batch may repeat an article, and the feed stage may have queued several outlets'
    /// articles of one story separately. The newest article leads; the others join its "also reported by".
    /// </summary>
    private static IEnumerable<DigestItem> Stories(IReadOnlyList<DigestItem> items) =>
        items
            .DistinctBy(i => i.Key, StringComparer.Ordinal)
            .GroupBy(i => i.StoryId ?? "article:" + i.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderByDescending(i => i.Article.Published).ThenBy(i => i.Article.Id, StringComparer.Ordinal).ToList();
                var lead = ordered[0];
                if (ordered.Count == 1)
                {
                    return lead;
                }

                var others = ordered.Skip(1)
                    .Select(i => new Dedup.StorySource(i.Article.FeedId, i.Article.Title, i.Article.Link, i.Article.Published))
                    .Concat(ordered.SelectMany(i => i.AlsoReportedBy))
                    .Where(s => s.FeedId != lead.Article.FeedId)
                    .DistinctBy(s => s.FeedId, StringComparer.Ordinal)
                    .ToList();
                // The story is filed under the lead article's stage: the newest report says where it stands now.
                return lead with { Matches = [.. ordered.SelectMany(i => i.Matches).DistinctBy(m => m.WatchId, StringComparer.Ordinal)], AlsoReportedBy = others };
            });

    /// <summary>
    /// A digest by story: each truce thread's items together, a section per stage inside it, the thread headed by where
    /// it stands and what developed since the previous digest; items in no thread in stage sections of their own. The
    /// units are ordered as the stories were (the most important stage first, then the newest).
    /// </summary>
    private static List<DigestSection> ByThread(List<DigestItem> stories, TimeZoneInfo zone)
    {
        var units = new List<(int Rank, DateTimeOffset Newest, List<DigestSection> Sections)>();
        foreach (var thread in stories.Where(i => i.Thread is not null).GroupBy(i => i.Thread!.Id, StringComparer.Ordinal))
        {
            var stamps = thread.Select(i => i.Thread!).ToList();
            var now = stamps.Select(t => t.Development).MaxBy(d => d.At)!;
            var since = stamps.Where(t => t.IsNewDevelopment).Select(t => t.Development).DistinctBy(d => (d.Stage, d.Actor)).OrderBy(d => d.At).Select(d => MailText.SingleLine(d.ShortLine(zone))).ToList();
            var heading = new DigestThread(thread.Key, MailText.SingleLine(stamps[0].Name), MailText.SingleLine(now.Label), since, IsFirst: true);
            var sections = Group(thread).Select((g, i) => new DigestSection(g.Key, [.. g]) { Thread = heading with { IsFirst = i == 0 } }).ToList();
            units.Add((DigestCategories.Rank(sections[0].Category), thread.Max(i => i.Article.Published), sections));
        }

        foreach (var stage in Group(stories.Where(i => i.Thread is null)))
        {
            units.Add((DigestCategories.Rank(stage.Key), stage.Max(i => i.Article.Published), [new DigestSection(stage.Key, [.. stage])]));
        }

        return [.. units.OrderBy(u => u.Rank).ThenByDescending(u => u.Newest).SelectMany(u => u.Sections)];
    }

    private static IEnumerable<IGrouping<string, DigestItem>> Group(IEnumerable<DigestItem> stories) =>
        stories.GroupBy(PrimaryCategory, StringComparer.Ordinal).OrderBy(g => DigestCategories.Rank(g.Key));

    private static string Subject(Digest digest, string subjectPrefix)
    {
        var prefix = MailText.SingleLine(subjectPrefix);
        prefix = prefix.Length == 0 ? "" : prefix + " ";
        if (digest.Outbox == OutboxKind.Alert)
        {
            prefix += "Alert: ";
        }

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

        var more = digest.ItemCount + digest.OmittedCount - 1;
        var actor = first.Items[0].Actor is { Length: > 0 } named ? $" — {MailText.SingleLine(named)}" : "";
        var subject = $"{prefix}{DigestCategories.Development(first.Category)}{actor}: {headline}";
        return more > 0 ? string.Create(CultureInfo.InvariantCulture, $"{subject} — and {more} more") : subject;
    }
}
