using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery;
using NewsWatcher.Http.Public;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Subscribers;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>What the reader's pages promise: a link stops its own outbox and says so, a pause keeps the news.</summary>
public sealed class PauseAndStopTests : IClassFixture<StoreFixture>
{
    private const string DeskWithChannels = """
        subscribers:
          - email: desk@example.org
            name: Desk
            watches: ["*"]
            digest: immediate
            timezone: Europe/Kyiv
            channels:
              - {type: ntfy, topic: desk}
              - {type: ntfy, id: phone, topic: desk-phone}
          - {email: other@example.org, name: Other, watches: ["*"], digest: immediate}
        """;

    private readonly StoreFixture _store;

    public PauseAndStopTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmailLink_StopsEmailOnly_PageNamesItAndTheChannelsStillSending_StopEverythingStopsThemAll()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory(), subscribers: DeskWithChannels);
        var preferences = setup.Host!.Services.GetRequiredService<IPreferenceStore>();
        var link = setup.LinkFor("desk@example.org");
        using var client = setup.PublicClient();

        using var stopped = await client.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Token);
        var page = WebUtility.HtmlDecode(await stopped.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Contains("Stopped: email to desk@example.org. Nothing more is sent there.", page, StringComparison.Ordinal);
        Assert.Contains("Still sent for desk@example.org: ntfy, ntfy phone.", page, StringComparison.Ordinal);
        Assert.Contains("Stop everything for desk@example.org", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing more will be sent to desk@example.org", page, StringComparison.Ordinal);
        Assert.True((await preferences.GetAsync("desk@example.org", Token))?.Unsubscribed);
        Assert.Null(await preferences.GetAsync("desk@example.org/ntfy", Token));

        // A channel's own link names that channel.
        using (var phone = await client.PostAsync(setup.LinkFor("desk@example.org/phone").PathAndQuery, new FormUrlEncodedContent([]), Token))
        {
            var text = WebUtility.HtmlDecode(await phone.Content.ReadAsStringAsync(Token));
            Assert.Contains("Stopped: ntfy phone messages for desk@example.org.", text, StringComparison.Ordinal);
            Assert.Contains("Still sent for desk@example.org: ntfy.", text, StringComparison.Ordinal);
        }

        using var all = await client.PostAsync(link.PathAndQuery + "/all", new FormUrlEncodedContent([]), Token);
        var allPage = WebUtility.HtmlDecode(await all.Content.ReadAsStringAsync(Token));

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Contains("Stopped everything for desk@example.org: email, ntfy, ntfy phone.", allPage, StringComparison.Ordinal);
        foreach (var route in new[] { "desk@example.org", "desk@example.org/ntfy", "desk@example.org/phone" })
        {
            Assert.True((await preferences.GetAsync(route, Token))?.Unsubscribed, route);
        }

        Assert.Null(await preferences.GetAsync("other@example.org", Token));
    }

    [Fact]
    public async Task Pause_NewsFoundMeanwhileKept_SentAsOneDigestWhenItEnds()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var host = setup.Host!;
        var preferences = host.Services.GetRequiredService<IPreferenceStore>();
        var pending = host.Services.GetRequiredService<IPendingStore>();
        var now = TimeProvider.System.GetUtcNow();
        await preferences.SaveAsync("desk@example.org", new SubscriberPreferences { PausedUntil = now.AddDays(7), UpdatedAt = now }, Token);

        // During the pause: an urgent violation and talks are found; both wait (no alert), nothing goes out.
        setup.AddArticle("p1", "Truce violated near the front [p1]");
        setup.AddArticle("p2", "Truce talks resume [p2]");
        var during = await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);

        Assert.Empty(setup.Messages("desk@example.org"));
        Assert.Contains(during.Sends, s => s.SubscriberId == "desk@example.org" && s.Kind == SendStatus.Paused);
        Assert.Equal(0, await pending.CountAsync("desk@example.org", OutboxKind.Alert, Token));
        Assert.Equal(2, await pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
        Assert.NotEmpty(setup.Messages("other@example.org"));

        // The pause runs out (as the clock would make it): the release sends what it held as one digest and clears it.
        var paused = await preferences.GetAsync("desk@example.org", Token);
        await preferences.SaveAsync("desk@example.org", paused! with { PausedUntil = now.AddSeconds(-1) }, Token);
        var released = await host.Services.GetRequiredService<PauseRelease>().ReleaseAsync(Token);

        var outcome = Assert.Single(released);
        Assert.Equal(SendStatus.Sent, outcome.Kind);
        var digest = Assert.Single(setup.Messages("desk@example.org"));
        Assert.Contains("[p1]", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("[p2]", digest.TextBody, StringComparison.Ordinal);
        Assert.Null((await preferences.GetAsync("desk@example.org", Token))!.PausedUntil);
        Assert.Equal(0, await pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
        Assert.Empty(await host.Services.GetRequiredService<PauseRelease>().ReleaseAsync(Token));
    }

    [Fact]
    public void PreferencesPage_PausedAndDaily_ShowsThePauseEndInTheReadersZoneAndTheCadenceAsASentence()
    {
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var route = new Route(new Subscriber("ana@example.org", "ana@example.org", "Ana", ["*"], DigestCadence.DailyAt(new TimeOnly(7, 30)), kyiv, ImmediateUrgent: true));
        var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

        var paused = WebUtility.HtmlDecode(PreferencesPage.Preferences("/u/t", route, new SubscriberPreferences { PausedUntil = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero) }, [], now, saved: false));
        var daily = WebUtility.HtmlDecode(PreferencesPage.Preferences("/u/t", route, null, [], now, saved: false));
        var hourly = WebUtility.HtmlDecode(PreferencesPage.Preferences("/u/t", route with { Cadence = DigestCadence.Hourly, ImmediateUrgent = false }, null, [], now, saved: false));

        Assert.Contains("Paused until 2 Dec 2026 11:00 UTC+02:00 (Europe/Kyiv). What is found meanwhile is kept and sent as one digest when the pause ends.", paused, StringComparison.Ordinal);
        Assert.Contains(">You receive a daily digest at 07:30 (Europe/Kyiv), and urgent stories at once.<", daily, StringComparison.Ordinal);
        Assert.Contains(">You receive an hourly digest.<", hourly, StringComparison.Ordinal);
    }
}
