using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// What every chat format says about one story, as plain single-line text, and the one builder that orders and chooses
/// its parts for a message (<see cref="Story"/>, <see cref="Entry"/>); each format dresses them with its <see cref="StoryMarkup"/>.
/// </summary>
/// <param name="Development">The item's stage as the mail digest names it, with the actor where one is named ("Truce accepted — Russia").</param>
/// <param name="StoryUrl">The signed link to the thread's story page, when the public listener makes one.</param>
/// <param name="Earlier">The thread's developments before this one, each a "Proposed — United States, 11 Mar" line and its lead article's link; empty when none.</param>
internal sealed record ChannelText(string Title, string? Link, string Outlet, string Time, string Snippet, string Matched, string? Also, string Development, IReadOnlyList<(string Line, string? Link)> Earlier, string? StoryUrl = null)
{
    /// <summary>The line under the title: stage (and actor), outlet, local time.</summary>
    public string Meta => $"{Development} · {Outlet} · {Time}";

    /// <summary>The label of the link to the thread's story page.</summary>
    public const string StoryLinkLabel = "The story so far";

    public const int MaxTitleLength = 200;
    public const int MaxSnippetLength = 280;
    public const int MaxMatchedLength = 300;

    /// <summary>
    /// The story as one chat message tells it, a line each: headline (where the format shows it here), meta, snippet,
    /// other outlets, earlier developments with the story link, and why it matched; a part with nothing to say is left out.
    /// </summary>
    public string Story(StoryMarkup markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var lines = new List<string>();
        if (markup.Headline(Title, Link) is { } headline)
        {
            lines.Add(headline);
        }

        lines.Add(markup.Meta(Meta));
        if (Snippet.Length > 0)
        {
            lines.Add(markup.Escape(Snippet));
        }

        if (Also is not null)
        {
            lines.Add(markup.Escape(Also));
        }

        // The story link closes the earlier line, or stands alone when there is none.
        var history = Earlier.Select(e => e.Link is null ? markup.Escape(e.Line) : markup.Link(e.Line, e.Link)).ToList();
        if (StoryUrl is { } story)
        {
            history.Add(markup.Link(StoryLinkLabel, story));
        }

        if (history.Count > 0)
        {
            lines.Add((Earlier.Count > 0 ? "Earlier: " : "") + string.Join(" · ", history));
        }

        if (markup.Matched(Matched) is { } matched)
        {
            lines.Add(matched);
        }

        return string.Join('\n', lines);
    }

    /// <summary>The story as a short list entry, "• Title — Outlet (Development)", then its earlier developments indented; each line ends in a line break.</summary>
    public string Entry(StoryMarkup markup)
    {
        ArgumentNullException.ThrowIfNull(markup);
        var entry = markup.ListItem($"{markup.Escape(Title)} — {markup.Escape(Outlet)} ({markup.Escape(Development)})") + "\n";
        return Earlier.Count == 0 ? entry : entry + "  Earlier: " + string.Join(" · ", Earlier.Select(e => markup.Escape(e.Line))) + "\n";
    }

    public static ChannelText Of(DigestItem item, Digest digest, IReadOnlyDictionary<string, string> feedNames)
    {
        var article = item.Article;
        var also = item.AlsoReportedBy.Count == 0
            ? null
            : $"Also reported by {string.Join(", ", item.AlsoReportedBy.Select(s => OutletName(s.FeedId, feedNames)))} ({item.SourceCount} independent sources)";
        return new ChannelText(
            MailText.Truncate(MailText.SingleLine(article.Title), MaxTitleLength),
            DigestRenderer.SafeLink(article.Link),
            OutletName(article.FeedId, feedNames),
            DigestRenderer.FormatLocalTime(article.Published, digest.Route.TimeZone),
            MailText.Truncate(MailText.SingleLine(article.Summary), MaxSnippetLength),
            MailText.Truncate(MailText.SingleLine(MatchReason.Line(item)), MaxMatchedLength),
            also,
            MailText.SingleLine(DigestRenderer.Development(item)),
            EarlierOf(item, digest.Route.TimeZone),
            DigestRenderer.SafeLink(item.Thread?.Url));
    }

    /// <summary>The thread's earlier developments as one-line labels with their links, oldest first.</summary>
    public static IReadOnlyList<(string Line, string? Link)> EarlierOf(DigestItem item, TimeZoneInfo zone) =>
        item.Thread is { } thread
            ? [.. thread.Earlier.Select(e => (MailText.SingleLine(e.ShortLine(zone)), DigestRenderer.SafeLink(e.Link)))]
            : [];

    public static string OutletName(string feedId, IReadOnlyDictionary<string, string> feedNames) =>
        MailText.SingleLine(feedNames.TryGetValue(feedId, out var name) ? name : feedId);

    /// <summary>The section heading, e.g. "Violation (2)", or "Russia–Ukraine · Violation (2)" for a thread's section in a digest.</summary>
    public static string Heading(DigestSection section) =>
        section.Thread is { } thread
            ? $"{thread.Name} · {DigestCategories.Title(section.Category)} ({section.Items.Count})"
            : $"{DigestCategories.Title(section.Category)} ({section.Items.Count})";

    public static string? Omitted(Digest digest) =>
        digest.OmittedCount == 0 ? null : $"…and {digest.OmittedCount} more stories not shown";

    public static bool IsUrgent(Digest digest) =>
        digest.Sections.SelectMany(s => s.Items).SelectMany(i => i.Matches).Any(m => m.Priority == WatchPriority.Urgent);
}
