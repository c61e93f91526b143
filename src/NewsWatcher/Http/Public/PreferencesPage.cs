using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Http.Public;

/// <summary>
/// The public listener's pages: server-rendered HTML, no script, one stylesheet allowed by its hash. Every piece of
/// config text is HTML-encoded. Forms post back to the same capability link.
/// </summary>
internal static class PreferencesPage
{
    private const string Style =
        "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:36rem;color:#1d1d1f}" +
        "h1{font-size:1.3rem}fieldset{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.6rem 1rem}" +
        "label{display:block;margin:.3rem 0}button{font:inherit;padding:.5rem 1rem;margin:.5rem 0;border-radius:6px;border:1px solid #888;background:#f4f4f4;cursor:pointer}" +
        "button.danger{background:#b00020;color:#fff;border-color:#b00020}.note{color:#555}.ok{color:#0a7d28}";

    /// <summary>Sent with every page: only the one stylesheet may apply, forms post only to this origin, nothing may frame it.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static string Preferences(string action, Route route, SubscriberPreferences? preferences, IReadOnlyList<Watch> watches, DateTimeOffset now, bool saved)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(watches);
        var html = Start("Your NewsWatcher subscription");
        html.Append("<h1>Your NewsWatcher subscription</h1><p>").Append(Encode(Who(route))).Append("</p>");
        if (saved)
        {
            html.Append("<p class=\"ok\" id=\"saved\">Your preferences are saved.</p>");
        }

        if (preferences?.Unsubscribed == true)
        {
            html.Append("<p id=\"state\">You are unsubscribed: nothing more is sent here.</p>")
                .Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("/resubscribe\"><button id=\"resubscribe\" type=\"submit\">Subscribe again</button></form>");
            return End(html);
        }

        var effective = preferences?.Overlay(route) ?? route;
        if (preferences?.IsPaused(now) == true)
        {
            // In the reader's own zone: the time they chose a pause for is a local one.
            html.Append("<p id=\"state\">Paused until ").Append(Encode(LocalTime(preferences.PausedUntil!.Value, route.TimeZone)))
                .Append(". What is found meanwhile is kept and sent as one digest when the pause ends.</p>");
        }
        else
        {
            html.Append("<p id=\"state\">").Append(Encode(Receives(effective))).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\"><button id=\"unsubscribe\" class=\"danger\" type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Unsubscribe</button></form>");
        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("/preferences\">");
        html.Append("<fieldset><legend>Pause</legend>");
        html.Append("<label><input type=\"radio\" name=\"pause\" value=\"none\"").Append(preferences?.IsPaused(now) == true ? "" : " checked").Append("> Keep sending</label>");
        html.Append("<label><input type=\"radio\" id=\"pause-week\" name=\"pause\" value=\"week\"> Pause for a week (news is kept and sent as one digest afterwards)</label>");
        if (preferences?.IsPaused(now) == true)
        {
            html.Append("<label><input type=\"radio\" name=\"pause\" value=\"keep\" checked> Stay paused</label>");
        }

        html.Append("</fieldset><fieldset><legend>How often</legend>");
        var kind = effective.Cadence.Kind;
        Radio(html, "cadence", "immediate", "Immediately, as it happens", kind == DigestCadenceKind.Immediate);
        Radio(html, "cadence", "hourly", "An hourly digest", kind == DigestCadenceKind.Hourly);
        Radio(html, "cadence", "daily", "A daily digest at", kind == DigestCadenceKind.Daily);
        html.Append("<label>Time (").Append(Encode(route.TimeZone.Id)).Append(") <input type=\"time\" id=\"at\" name=\"at\" value=\"")
            .Append(effective.Cadence.At.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("\"></label>");
        if (kind == DigestCadenceKind.Weekly)
        {
            Radio(html, "cadence", "keep", $"Keep: {effective.Cadence}", true);
        }

        html.Append("</fieldset><fieldset><legend>Watches</legend>");
        foreach (var watch in watches)
        {
            var follows = effective.Watches.Contains("*") || effective.Watches.Contains(watch.Id, StringComparer.Ordinal)
                || effective.Categories.Contains(watch.Category, StringComparer.OrdinalIgnoreCase);
            html.Append("<label><input type=\"checkbox\" name=\"watch\" value=\"").Append(Encode(watch.Id)).Append('"').Append(follows ? " checked" : "").Append("> ")
                .Append(Encode(watch.Name)).Append("</label>");
        }

        html.Append("</fieldset><button id=\"save\" type=\"submit\">Save preferences</button></form>");
        html.Append("<p class=\"note\">This page is reached only through the link in your messages; keep it to yourself.</p>");
        return End(html);
    }

    /// <summary>After one outbox's link was used: says that only this outbox stopped, which others still send, and offers to stop them all.</summary>
    /// <param name="stillSending">The subscriber's other outboxes that still send.</param>
    public static string Unsubscribed(string action, Route? route, IReadOnlyList<Route> stillSending)
    {
        ArgumentNullException.ThrowIfNull(stillSending);
        var html = Start("Unsubscribed");
        html.Append("<h1 id=\"state\">You are unsubscribed</h1><p id=\"stopped\">")
            .Append(Encode(route is null ? "Nothing more will be sent here." : $"Stopped: {Stopped(route)}. Nothing more is sent there.")).Append("</p>");
        if (route is not null)
        {
            if (stillSending.Count > 0)
            {
                html.Append("<p id=\"still\">").Append(Encode($"Still sent for {route.Email}: {string.Join(", ", stillSending.Select(r => r.OutboxName))}. Each of those messages carries its own link to stop it, or stop them all here:"))
                    .Append("</p><form method=\"post\" action=\"").Append(Encode(action)).Append("/all\"><button id=\"unsubscribe-all\" class=\"danger\" type=\"submit\">")
                    .Append(Encode($"Stop everything for {route.Email}")).Append("</button></form>");
            }
            else
            {
                html.Append("<p id=\"still\">").Append(Encode($"Nothing else is sent for {route.Email}.")).Append("</p>");
            }
        }

        return AppendResubscribe(html, action, route);
    }

    /// <summary>After "stop everything": names every outbox that stopped.</summary>
    public static string UnsubscribedAll(string action, Route route, IReadOnlyList<Route> stopped)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(stopped);
        var html = Start("Unsubscribed");
        html.Append("<h1 id=\"state\">You are unsubscribed</h1><p id=\"stopped\">")
            .Append(Encode($"Stopped everything for {route.Email}: {string.Join(", ", stopped.Select(r => r.OutboxName))}. Nothing more is sent for this address."))
            .Append("</p>");
        return AppendResubscribe(html, action, route);
    }

    public static string Problem(string title, string message)
    {
        var html = Start(title);
        html.Append("<h1>").Append(Encode(title)).Append("</h1><p>").Append(Encode(message)).Append("</p>");
        return End(html);
    }

    /// <summary>
    /// A truce thread's read-only page, up to the development the message showed (<paramref name="upTo"/>): nothing the
    /// message did not already tell, so a forwarded link leaks no later news or subscriber data.
    /// </summary>
    public static string Story(Core.Dedup.StoryThread thread, Core.Dedup.ThreadDevelopment upTo, IReadOnlyDictionary<string, string> feedNames)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentNullException.ThrowIfNull(upTo);
        ArgumentNullException.ThrowIfNull(feedNames);
        var html = Start(thread.Name);
        html.Append("<h1>").Append(Encode(thread.Name)).Append("</h1><p>The truce so far, as of ").Append(Encode(upTo.Label)).Append(":</p><ol>");
        foreach (var development in thread.Developments)
        {
            html.Append("<li><p><strong>").Append(Encode(development.Label)).Append("</strong>, ")
                .Append(Encode(Core.Delivery.DigestRenderer.FormatLocalTime(development.At, TimeZoneInfo.Utc))).Append("</p><p>");
            if (Core.Delivery.DigestRenderer.SafeLink(development.Link) is { } link)
            {
                html.Append("<a href=\"").Append(Encode(link)).Append("\" rel=\"noopener noreferrer\">").Append(Encode(development.Title)).Append("</a>");
            }
            else
            {
                html.Append(Encode(development.Title));
            }

            html.Append(" (").Append(Encode(feedNames.GetValueOrDefault(development.FeedId, development.FeedId))).Append(")</p></li>");
            if (ReferenceEquals(development, upTo))
            {
                break;
            }
        }

        html.Append("</ol>");
        return End(html);
    }

    private static string Who(Route route) => route.Channel is null ? route.Email : $"{route.Email} ({route.OutboxName})";

    /// <summary>"email to ana@example.org", or "slack messages for ana@example.org".</summary>
    private static string Stopped(Route route) => route.Channel is null ? $"email to {route.Email}" : $"{route.OutboxName} messages for {route.Email}";

    private static string AppendResubscribe(StringBuilder html, string action, Route? route)
    {
        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("/resubscribe\"><button id=\"resubscribe\" type=\"submit\">")
            .Append(Encode(route is null ? "Subscribe again" : $"Subscribe again ({route.OutboxName})")).Append("</button></form>");
        return End(html);
    }

    /// <summary>The cadence as a sentence: "You receive a daily digest at 07:30 (Europe/Kyiv), and urgent stories at once."</summary>
    internal static string Receives(Route route)
    {
        var cadence = route.Cadence;
        var zone = route.TimeZone.Id;
        var digest = cadence.Kind switch
        {
            DigestCadenceKind.Immediate => "each story as it is found",
            DigestCadenceKind.Hourly => "an hourly digest",
            DigestCadenceKind.Daily => string.Create(CultureInfo.InvariantCulture, $"a daily digest at {cadence.At:HH\\:mm} ({zone})"),
            _ => string.Create(CultureInfo.InvariantCulture, $"a weekly digest on {cadence.Day}s at {cadence.At:HH\\:mm} ({zone})"),
        };
        var urgent = route.ImmediateUrgent && cadence.Kind != DigestCadenceKind.Immediate ? ", and urgent stories at once" : "";
        return $"You receive {digest}{urgent}.";
    }

    /// <summary>"2 Dec 2026 11:00 UTC+02:00 (Europe/Kyiv)": as the reader's mail shows times, with the zone's name.</summary>
    private static string LocalTime(DateTimeOffset time, TimeZoneInfo zone) =>
        $"{Core.Delivery.DigestRenderer.FormatLocalTime(time, zone)} ({zone.Id})";

    private static void Radio(StringBuilder html, string name, string value, string label, bool isChecked) =>
        html.Append("<label><input type=\"radio\" id=\"").Append(name).Append('-').Append(value).Append("\" name=\"").Append(name).Append("\" value=\"").Append(value).Append('"')
            .Append(isChecked ? " checked" : "").Append("> ").Append(Encode(label)).Append("</label>");

    private static StringBuilder Start(string title) =>
        new StringBuilder(4096).Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"same-origin\"><title>")
            .Append(Encode(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");

    private static string End(StringBuilder html) => html.Append("</body></html>").ToString();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
