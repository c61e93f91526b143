using System.Globalization;
using System.Net;
using Fluid;
using Fluid.Values;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Outbox;

namespace NewsWatcher.Core.Delivery;

/// <summary>Renders a digest to a plain-text and an HTML part through the Liquid templates.</summary>
/// <remarks>
/// Every piece of feed text is untrusted: the HTML template's output is HTML-encoded, the only unencoded values are
/// fragments built here from encoded text (the deciding watch's matched words in &lt;mark&gt;), links are offered only for http(s), and
/// the HTML uses inline styles only (mail clients drop &lt;style&gt; blocks and must never load remote content).
/// </remarks>
public static class DigestRenderer
{
    public const int MaxSummaryLength = 300;

    private static readonly TemplateOptions Options = new();

    /// <param name="feedNames">Feed id to display name, for the outlet of each item.</param>
    /// <param name="templates">The editor's templates; the built-in ones when null.</param>
    /// <param name="unsubscribe">The List-Unsubscribe link (mailto:) shown in the footer.</param>
    public static RenderedDigest Render(
        Digest digest,
        IReadOnlyDictionary<string, string> feedNames,
        DigestTemplates? templates = null,
        string unsubscribe = "")
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        templates ??= DigestTemplates.BuiltIn;

        var subject = MailText.SingleLine(digest.Subject);
        var model = Model(digest, subject, feedNames, unsubscribe);
        var fallbacks = new List<TemplateFallback>();
        var text = RenderPart(templates.Text, templates.TextFile, DigestTemplates.BuiltIn.Text, model, digest.ItemCount, html: false, fallbacks);
        var html = RenderPart(templates.Html, templates.HtmlFile, DigestTemplates.BuiltIn.Html, model, digest.ItemCount, html: true, fallbacks);
        return new RenderedDigest(subject, text, html) { Fallbacks = fallbacks };
    }

    /// <summary>"25 Nov 2026 14:05 UTC+02:00" in the subscriber's zone; a bare "UTC" when the offset is zero.</summary>
    public static string FormatLocalTime(DateTimeOffset time, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(time, timeZone);
        var offset = local.Offset;
        var zone = offset == TimeSpan.Zero
            ? "UTC"
            : string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
        return local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + zone;
    }

    /// <summary>The link as an absolute http(s) URI, or null for anything else (javascript:, data:, relative, malformed).</summary>
    public static string? SafeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link)
            || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.AbsoluteUri;
    }

    /// <summary>
    /// The editor's template within <see cref="TemplateLimits"/>; when it fails or passes them (a loop without bound,
    /// a bad filter argument), the built-in template renders the part and <paramref name="fallbacks"/> says why.
    /// </summary>
    private static string RenderPart(
        IFluidTemplate template, string? editorFile, IFluidTemplate builtIn, Dictionary<string, object?> model, int items, bool html, List<TemplateFallback> fallbacks)
    {
        if (editorFile is not null)
        {
            var steps = TemplateLimits.Steps(items);
            try
            {
                return DigestTemplates.Render(template, Context(model, steps), html, TemplateLimits.OutputChars(items));
            }
            catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException or FormatException)
            {
                fallbacks.Add(new TemplateFallback(editorFile, Reason(ex, steps)));
            }
        }

        return DigestTemplates.Render(builtIn, Context(model, maxSteps: 0), html);
    }

    /// <summary>A fresh context per render: Fluid counts steps on the context.</summary>
    private static TemplateContext Context(Dictionary<string, object?> model, int maxSteps)
    {
        var context = new TemplateContext(Options) { MaxSteps = maxSteps };
        context.SetValue("digest", model);
        return context;
    }

    // Fluid 2.30 reports the step limit with its recursion message; with no includes (no file provider) and nesting
    // capped by TemplateNesting, recursion cannot be reached otherwise, so both mean the steps ran out.
    private static string Reason(Exception ex, int steps) =>
        ex.Message.Contains("maximum number of statements", StringComparison.OrdinalIgnoreCase)
        || ex.Message.Contains("maximum level of recursion", StringComparison.OrdinalIgnoreCase)
            ? string.Create(CultureInfo.InvariantCulture, $"rendering took more than {steps:N0} steps (a loop without bound?)")
            : ex.Message;

    private static Dictionary<string, object?> Model(Digest digest, string subject, IReadOnlyDictionary<string, string> feedNames, string unsubscribe)
    {
        var zone = digest.Route.TimeZone;
        var sections = digest.Sections.Select(section => new Dictionary<string, object?>
        {
            ["category"] = section.Category,
            ["title"] = DigestCategories.Title(section.Category),
            ["count"] = section.Items.Count,
            ["thread_first"] = section.Thread?.IsFirst == true,
            ["thread_name"] = section.Thread?.Name ?? "",
            ["thread_now"] = section.Thread?.Now ?? "",
            ["thread_since"] = section.Thread is { Since.Count: > 0 } thread ? string.Join(" · ", thread.Since) : "",
            ["items"] = section.Items.Select(item => ItemModel(item, zone, feedNames)).ToList(),
        }).ToList();
        return new Dictionary<string, object?>
        {
            ["subject"] = subject,
            ["heading"] = Heading(digest),
            ["is_alert"] = digest.Outbox == OutboxKind.Alert,
            ["count"] = digest.ItemCount,
            ["sections"] = sections,
            ["omitted_count"] = digest.OmittedCount,
            ["omitted_text"] = OmittedText(digest),
            ["footer"] = Footer(digest),
            ["unsubscribe"] = string.IsNullOrWhiteSpace(unsubscribe) ? null : unsubscribe,
            ["subscriber"] = new Dictionary<string, object?> { ["name"] = MailText.SingleLine(digest.Route.Name), ["email"] = digest.Route.Email },
        };
    }

    private static Dictionary<string, object?> ItemModel(DigestItem item, TimeZoneInfo zone, IReadOnlyDictionary<string, string> feedNames)
    {
        var article = item.Article;
        var terms = MatchReason.HighlightTerms(item);

        // Spans index into the original text, so highlight first-hand text; a blank title gets a placeholder without marks.
        var titleHtml = string.IsNullOrWhiteSpace(article.Title)
            ? Encode(Title(article.Title))
            : TermHighlighter.Highlight(article.Title, "title", terms);

        // Cut the original (not a re-spaced copy) so the matcher's offsets still line up with the snippet.
        var summary = article.Summary ?? "";
        var cut = MailText.CutLength(summary, MaxSummaryLength);
        var snippetHtml = string.IsNullOrWhiteSpace(summary)
            ? ""
            : TermHighlighter.Highlight(summary[..cut], "summary", terms) + (cut < summary.Length ? "…" : "");
        var snippet = MailText.SingleLine(summary);

        var also = item.AlsoReportedBy.Select(s => SourceModel(s, zone, feedNames)).ToList();
        var earlier = EarlierModel(item, zone);
        return new Dictionary<string, object?>
        {
            ["title"] = Title(article.Title),
            ["title_html"] = new StringValue(titleHtml, encode: false),
            ["link"] = SafeLink(article.Link),
            ["outlet"] = MailText.SingleLine(Source(article.FeedId, feedNames)),
            ["time"] = Published(article, zone),
            ["snippet"] = snippet.Length == 0 ? "" : MailText.Truncate(snippet, MaxSummaryLength),
            ["snippet_html"] = new StringValue(snippetHtml, encode: false),
            ["matched"] = MailText.SingleLine(MatchReason.Line(item)),
            ["stage"] = DigestComposer.PrimaryCategory(item),
            ["actor"] = item.Actor is null ? "" : MailText.SingleLine(item.Actor),
            ["development"] = MailText.SingleLine(Development(item)),
            ["also"] = also,
            ["also_count"] = also.Count,
            ["also_text"] = string.Join(", ", also.Select(a => (string)a["outlet"]!)),
            ["source_count"] = item.SourceCount,
            ["thread_name"] = item.Thread is { } thread ? MailText.SingleLine(thread.Name) : "",
            ["story_url"] = SafeLink(item.Thread?.Url),
            ["earlier"] = earlier,
            ["earlier_count"] = earlier.Count,
            ["earlier_text"] = earlier.Count == 0 ? "" : "Earlier: " + string.Join(" · ", earlier.Select(e => (string)e["line"]!)),
        };
    }

    /// <summary>The thread's developments before this item's, oldest first, each with its lead headline and link.</summary>
    private static List<Dictionary<string, object?>> EarlierModel(DigestItem item, TimeZoneInfo zone) =>
        item.Thread is not { } thread
            ? []
            : [.. thread.Earlier.Select(e => new Dictionary<string, object?>
            {
                ["line"] = MailText.SingleLine(e.ShortLine(zone)),
                ["label"] = MailText.SingleLine(e.Label),
                ["title"] = Title(e.Title),
                ["link"] = SafeLink(e.Link),
                ["time"] = FormatLocalTime(e.At, zone),
                ["source_count"] = e.SourceCount,
            })];

    /// <summary>"Truce accepted — Russia": the item's stage as a subject names it, with the actor where one is named.</summary>
    internal static string Development(DigestItem item)
    {
        var development = DigestCategories.Development(DigestComposer.PrimaryCategory(item));
        return item.Actor is { Length: > 0 } actor ? $"{development} — {actor}" : development;
    }

    private static Dictionary<string, object?> SourceModel(StorySource source, TimeZoneInfo zone, IReadOnlyDictionary<string, string> feedNames) => new()
    {
        ["outlet"] = MailText.SingleLine(Source(source.FeedId, feedNames)),
        ["title"] = Title(source.Title),
        ["link"] = SafeLink(source.Link),
        ["time"] = FormatLocalTime(source.Published, zone),
    };

    private static string OmittedText(Digest digest)
    {
        if (digest.OmittedCount == 0)
        {
            return "";
        }

        var parts = digest.Omitted.Select(o => string.Create(CultureInfo.InvariantCulture, $"{DigestCategories.Title(o.Category)} {o.Count}"));
        var noun = digest.OmittedCount == 1 ? "story" : "stories";
        return string.Create(CultureInfo.InvariantCulture, $"…and {digest.OmittedCount} more {noun} not shown ({string.Join(", ", parts)}).");
    }

    private static string Heading(Digest digest)
    {
        var count = digest.ItemCount + digest.OmittedCount;
        var noun = count == 1 ? "story" : "stories";
        var kind = digest.Outbox == OutboxKind.Alert ? "NewsWatcher alert" : "NewsWatcher digest";
        return string.Create(CultureInfo.InvariantCulture, $"{kind}: {count} new {noun}");
    }

    private static string Title(string? title)
    {
        var line = MailText.SingleLine(title);
        return line.Length == 0 ? "(untitled)" : line;
    }

    private static string Source(string feedId, IReadOnlyDictionary<string, string> feedNames) =>
        feedNames.TryGetValue(feedId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : feedId;

    private static string Published(Parsing.Article article, TimeZoneInfo timeZone)
    {
        var time = FormatLocalTime(article.Published, timeZone);
        return article.PublishedIsFirstSeen ? "first seen " + time : time;
    }

    private static string Footer(Digest digest)
    {
        var subscriber = digest.Route;
        var follows = Follows(digest);
        var cadence = $"{subscriber.Cadence} ({subscriber.TimeZone.Id})";
        var why = digest.Outbox == OutboxKind.Alert
            ? $"This is an immediate alert for urgent matches; everything else arrives in your {cadence} digest."
            : $"You get this digest {cadence}.";
        return $"You receive this because you follow {follows} on NewsWatcher. {why}";
    }

    private static string Follows(Digest digest)
    {
        var watches = digest.Route.Watches;
        if (watches.Contains("*"))
        {
            return "all watches";
        }

        // Show names where this digest tells us them; ids otherwise, since the subscriber file lists ids.
        var names = digest.Sections
            .SelectMany(s => s.Items)
            .SelectMany(i => i.Matches)
            .GroupBy(m => m.WatchId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().WatchName, StringComparer.Ordinal);
        var shown = watches.Select(id => names.TryGetValue(id, out var name) ? name : id).ToList();
        return shown.Count == 0 ? "no watches" : string.Join(", ", shown);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
