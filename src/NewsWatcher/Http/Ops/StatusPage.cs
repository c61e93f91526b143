using System.Globalization;
using System.Net;
using System.Text;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Polling;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// The status page at <c>/</c>: plain server-rendered HTML, no script. Every piece of feed or config text is
/// HTML-encoded; matched terms are highlighted by the same code as the email; only http(s) links are rendered.
/// </summary>
internal static class StatusPage
{
    /// <summary>Sent with the page: nothing but inline styles may load or run.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; frame-ancestors 'none'";

    private const int SummaryLength = 240;

    public static string Render(StatusSnapshot snapshot, IReadOnlyDictionary<string, string> feedNames)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(feedNames);
        var html = new StringBuilder(16 * 1024);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>NewsWatcher status</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;max-width:72rem}
            h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
            th{background:#f6f6f6}.ok{color:#0a7d28}.failing{color:#b00020;font-weight:600}.stale{color:#a15c00;font-weight:600}
            .unknown,.disabled,.muted{color:#777}.num{text-align:right;font-variant-numeric:tabular-nums}
            ul.matches{list-style:none;padding:0}ul.matches li{margin:.6rem 0}.watch{display:inline-block;background:#eef;border-radius:3px;padding:0 .3rem;margin-right:.3rem;font-size:.85em}.stage{font-weight:600;margin-right:.4rem}
            .past{color:#555}th,td,li{overflow-wrap:anywhere}
            @media (max-width:40rem){body{margin:.6rem}th,td{padding:.25rem .3rem}table{font-size:13px}}
            </style></head><body>
            """);
        html.Append("<h1>NewsWatcher status</h1><p class=\"muted\">As of ").Append(Time(snapshot.At)).Append(" UTC.</p>");
        Staleness(html, snapshot);
        Replicas(html, snapshot);
        Feeds(html, snapshot);
        Watches(html, snapshot);
        Stories(html, snapshot, feedNames);
        Matches(html, snapshot, feedNames);
        Pending(html, snapshot);
        GivenUp(html, snapshot);
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>The cluster from the Quartz tables: who is alive, when each last checked in, what each is running now.</summary>
    private static void Replicas(StringBuilder html, StatusSnapshot snapshot)
    {
        if (snapshot.Replicas is null)
        {
            return;
        }

        html.Append("<h2 id=\"replicas\">Replicas</h2>");
        if (snapshot.ClusterError is not null)
        {
            html.Append("<p class=\"failing\">The scheduler database could not be read: ").Append(Encode(snapshot.ClusterError)).Append("</p>");
            return;
        }

        html.Append("<table><thead><tr><th>instance</th><th>host</th><th>last check-in</th><th class=\"num\">jobs running</th></tr></thead><tbody>");
        foreach (var replica in snapshot.Replicas)
        {
            // Late: missed its check-ins; the others recover its work once the misfire threshold has passed too.
            var late = replica.IsLate(snapshot.At, replica.CheckinInterval);
            html.Append("<tr><td>").Append(Encode(replica.InstanceId))
                .Append(replica.InstanceId == snapshot.InstanceId ? " <span class=\"muted\">(this one)</span>" : "")
                .Append("</td><td>").Append(Encode(replica.Host ?? "")).Append("</td><td class=\"").Append(late ? "failing" : "ok").Append("\">")
                .Append(replica.LastCheckin.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(late ? " (not checking in)" : "")
                .Append("</td><td class=\"num\">").Append(replica.JobsRunning.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void Staleness(StringBuilder html, StatusSnapshot snapshot)
    {
        if (!snapshot.Stale)
        {
            return;
        }

        html.Append("<p class=\"stale\" id=\"stale\">Stale: the store could not be read");
        if (snapshot.StoreError is { } error)
        {
            html.Append(" (").Append(Encode(error)).Append(')');
        }

        html.Append(snapshot.StoreReadAt is { } read
            ? $"; feed health, watch counts, recent matches and outboxes below are as last read at {Time(read)} UTC ({Duration(snapshot.At - read)} ago)."
            : "; feed health, watch counts, recent matches and outboxes have not been read since this process started.");
        html.Append("</p>");
    }

    private static void GivenUp(StringBuilder html, StatusSnapshot snapshot)
    {
        html.Append("<h2 id=\"given-up\">Given up</h2>");
        if (snapshot.GivenUp.Count == 0)
        {
            html.Append("<p class=\"muted\">No message or item has been given up.</p>");
            return;
        }

        html.Append("<table><thead><tr><th>when</th><th>subscriber</th><th>items</th><th>why</th></tr></thead><tbody>");
        foreach (var given in snapshot.GivenUp)
        {
            var failure = given.Failure;
            var items = failure.Titles.Count > 0 ? string.Join("<br>", failure.Titles.Select(Encode)) : Encode(string.Join(", ", failure.ItemKeys));
            html.Append("<tr data-digest=\"").Append(Encode(failure.DigestId)).Append("\"><td>").Append(Time(failure.FailedAt))
                .Append("</td><td>").Append(Encode(given.Route.Email)).Append("</td><td>").Append(items)
                .Append("</td><td>").Append(Encode(failure.Reason)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void Feeds(StringBuilder html, StatusSnapshot snapshot)
    {
        html.Append("<h2 id=\"feeds\">Feeds</h2><table><thead><tr><th>feed</th><th>health</th><th>last success</th><th>failures in a row</th><th>last error</th><th>nothing new for</th><th title=\"next poll and why; the rhythm learned from its items; whether a WebSub hub pushes it\">polling</th><th title=\"publication to accepted alert, median of the latest alerts this replica sent\">alert delay p50</th></tr></thead><tbody>");
        foreach (var feed in snapshot.Feeds)
        {
            var expected = feed.Feed.ExpectedUpdate is { } e ? $" (expected every {Duration(e)})" : "";
            html.Append("<tr data-feed=\"").Append(Encode(feed.Feed.Id)).Append("\"><td>").Append(Encode(feed.Feed.Name))
                .Append(" <span class=\"muted\">").Append(Encode(feed.Feed.Id)).Append("</span></td>")
                .Append("<td class=\"").Append(feed.State).Append("\">").Append(feed.State).Append("</td>")
                .Append("<td>").Append(feed.Health.LastSuccess is { } success ? Time(success) : "never").Append("</td>")
                .Append("<td class=\"num\">").Append(feed.Health.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td>").Append(feed.Health.LastError is { } error ? $"{Time(feed.Health.LastErrorAt!.Value)}: {Encode(error)}" : "").Append("</td>")
                .Append("<td>").Append(feed.Health.LastSuccess is null ? "<span class=\"muted\">no successful poll yet</span>" : Duration(feed.Silence)).Append(Encode(expected)).Append("</td>")
                .Append("<td>").Append(Polling(feed.Schedule)).Append("</td>")
                .Append("<td class=\"num\">").Append(feed.DelayP50 is { } p50 ? Delay(p50) : "<span class=\"muted\">no alert yet</span>").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The feed's next poll and why, then its rhythm and its push, as lines of one cell.</summary>
    private static string Polling(FeedSchedule? schedule) => schedule is null ? ""
        : $"{(schedule.NextPoll is { } next ? $"{Time(next)}: " : "")}{Encode(schedule.Why)}<br><span class=\"muted\">{Encode(schedule.Rhythm)}<br>WebSub: {Encode(schedule.Push)}</span>";

    private static void Watches(StringBuilder html, StatusSnapshot snapshot)
    {
        html.Append("<h2 id=\"watches\">Watches</h2><table><thead><tr><th>watch</th><th>category</th><th>priority</th><th class=\"num\">matches, last 24 h</th></tr></thead><tbody>");
        foreach (var watch in snapshot.Watches)
        {
            html.Append("<tr data-watch=\"").Append(Encode(watch.Id)).Append("\"><td>").Append(Encode(watch.Name))
                .Append(" <span class=\"muted\">").Append(Encode(watch.Id)).Append("</span></td><td>").Append(Encode(watch.Category))
                .Append("</td><td>").Append(Encode(watch.Priority)).Append("</td><td class=\"num\">")
                .Append(watch.MatchesLast24Hours.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>Where each truce stands: the active threads, each with its current stage and its developments with times and sources.</summary>
    private static void Stories(StringBuilder html, StatusSnapshot snapshot, IReadOnlyDictionary<string, string> feedNames)
    {
        html.Append("<h2 id=\"stories\">Stories</h2>");
        if (snapshot.Stories.Count == 0)
        {
            html.Append("<p class=\"muted\">No truce thread has a development yet.</p>");
            return;
        }

        foreach (var thread in snapshot.Stories)
        {
            html.Append("<h3>").Append(Encode(thread.Name)).Append(" <span class=\"stage\">now: ").Append(Encode(thread.Current.Label)).Append("</span></h3>");
            html.Append("<table><thead><tr><th>time (UTC)</th><th>development</th><th>lead headline</th><th class=\"num\">sources</th></tr></thead><tbody>");
            foreach (var development in thread.Developments)
            {
                html.Append("<tr><td>").Append(Time(development.At)).Append("</td><td>").Append(Encode(development.Label)).Append("</td><td>");
                if (DigestRenderer.SafeLink(development.Link) is { } link)
                {
                    html.Append("<a href=\"").Append(Encode(link)).Append("\" rel=\"noopener noreferrer\">").Append(Encode(development.Title)).Append("</a>");
                }
                else
                {
                    html.Append(Encode(development.Title));
                }

                html.Append(" <span class=\"muted\">").Append(Encode(feedNames.GetValueOrDefault(development.FeedId, development.FeedId))).Append("</span></td><td class=\"num\">")
                    .Append(development.SourceCount.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }
    }

    private static void Matches(StringBuilder html, StatusSnapshot snapshot, IReadOnlyDictionary<string, string> feedNames)
    {
        html.Append("<h2 id=\"matches\">Recent matches</h2>");
        if (snapshot.RecentMatches.Count == 0)
        {
            html.Append("<p class=\"muted\">No matches since this process started.</p>");
            return;
        }

        html.Append("<ul class=\"matches\">");
        foreach (var match in snapshot.RecentMatches)
        {
            var article = match.Article;
            var terms = match.Matches.SelectMany(m => m.Terms).ToList();
            var title = TermHighlighter.Highlight(article.Title, "title", terms);
            html.Append("<li><div>");
            if (article.Link is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                html.Append("<a href=\"").Append(Encode(uri.AbsoluteUri)).Append("\" rel=\"noopener noreferrer\">").Append(title).Append("</a>");
            }
            else
            {
                html.Append(title);
            }

            html.Append("</div><div class=\"muted\">").Append(Encode(feedNames.GetValueOrDefault(article.FeedId, article.FeedId)))
                .Append(", ").Append(Time(article.Published)).Append("</div><div>");
            if (match.Stage is { } stage)
            {
                html.Append("<span class=\"stage\">").Append(Encode(DigestCategories.Development(stage)))
                    .Append(match.Actor is { } actor ? " — " + Encode(actor) : "").Append("</span> ");
            }

            foreach (var watch in match.Matches)
            {
                html.Append("<span class=\"watch\">").Append(Encode(watch.WatchName)).Append("</span>");
            }

            var summary = article.Summary.Length > SummaryLength ? article.Summary[..SummaryLength] + "…" : article.Summary;
            if (summary.Length > 0)
            {
                html.Append("</div><div>").Append(TermHighlighter.Highlight(summary, "summary", terms));
            }

            html.Append("</div></li>");
        }

        html.Append("</ul>");
    }

    private static void Pending(StringBuilder html, StatusSnapshot snapshot)
    {
        html.Append("<h2 id=\"pending\">Pending digests</h2>");
        if (snapshot.StoreError is { } error && snapshot.StoreReadAt is null)
        {
            html.Append("<p class=\"failing\">The store could not be read: ").Append(Encode(error)).Append("</p>");
            return;
        }

        html.Append("<table><thead><tr><th>subscriber</th><th>channel</th><th>cadence</th><th class=\"num\">alerts waiting</th><th class=\"num\">digest items waiting</th><th>oldest item</th><th>last refused</th><th>subscriber's own changes</th></tr></thead><tbody>");
        foreach (var pending in snapshot.Pending)
        {
            html.Append("<tr data-subscriber=\"").Append(Encode(pending.Route.Id)).Append("\"><td>").Append(Encode(pending.Route.Name))
                .Append(" <span class=\"muted\">").Append(Encode(pending.Route.Email)).Append("</span></td><td>")
                .Append(Encode(pending.Route.OutboxName)).Append("</td><td>")
                .Append(Encode(pending.Route.Cadence.ToString())).Append("</td><td class=\"num\">")
                .Append(pending.Alerts.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                .Append(pending.Digests.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(pending.Oldest is { } oldest ? Time(oldest) : "").Append("</td><td>");
            foreach (var held in pending.Retrying)
            {
                // Held, not given up: the items go out once the cause is fixed (a setting, a relay back up).
                html.Append("<div class=\"failing\">").Append(Time(held.FailedAt)).Append(": ").Append(Encode(held.Reason))
                    .Append(" <span class=\"muted\">(").Append(held.Items.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(held.Outbox == OutboxKind.Alert ? "alert" : "digest").Append(" items held, attempt ")
                    .Append(held.Attempts.ToString(CultureInfo.InvariantCulture))
                    .Append(held.NextAttempt is { } next ? "; next at " + Time(next) : "").Append(")</span></div>");
            }

            foreach (var failed in pending.Failed)
            {
                // A refusal followed by an accepted message was fixed since (a corrected address or URL): history, not an alarm.
                if (pending.LastSent is { } sent && sent > failed.FailedAt)
                {
                    html.Append("<div class=\"past\">").Append(Time(failed.FailedAt)).Append(": ").Append(Encode(failed.Reason))
                        .Append(" <span class=\"muted\">(past: delivered since, last at ").Append(Time(sent)).Append(")</span></div>");
                }
                else
                {
                    html.Append("<div class=\"failing\">").Append(Time(failed.FailedAt)).Append(": ").Append(Encode(failed.Reason)).Append("</div>");
                }
            }

            html.Append("</td><td>").Append(pending.Preferences is { } preferences ? Encode(preferences.Describe(snapshot.At)) : "").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Seconds under a minute (pushed alerts take seconds), else as <see cref="Duration"/>.</summary>
    private static string Delay(TimeSpan span) => span < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s")
        : Duration(span);

    private static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h")
        : span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m");
}
