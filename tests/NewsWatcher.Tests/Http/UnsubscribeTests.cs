using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Subscribers;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>RFC 8058 one-click unsubscribe through the public listener, from the link in a delivered .eml.</summary>
public sealed class UnsubscribeTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public UnsubscribeTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostToLinkFromEml_StopsMailToThatSubscriberOnly_GetAndForgeriesChangeNothing()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var host = setup.Host!;
        var once = host.Services.GetRequiredService<OnceRunner>();
        var preferences = host.Services.GetRequiredService<IPreferenceStore>();
        setup.AddArticle("n1", "Truce violated near the front [n1]");
        await once.RunAsync(Token);

        var first = Assert.Single(setup.Messages("desk@example.org"));
        Assert.Equal("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);
        var link = UnsubscribeTestSetup.OneClickLink(first);
        Assert.Equal(setup.PublicUrl.Authority, link.Authority);
        Assert.StartsWith("/u/", link.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri, first.TextBody, StringComparison.Ordinal);
        var otherLink = UnsubscribeTestSetup.OneClickLink(Assert.Single(setup.Messages("other@example.org")));
        Assert.NotEqual(link, otherLink);
        using var client = setup.PublicClient();

        // A GET (a mail scanner prefetching the link) shows the page and changes nothing.
        using (var page = await client.GetAsync(link.PathAndQuery, Token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync(Token);
            Assert.Contains("id=\"unsubscribe\"", html, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        }

        Assert.Null(await preferences.GetAsync("desk@example.org", Token));

        // Tampered tokens: another subject under this signature, a flipped signature character, garbage.
        var token = link.AbsolutePath["/u/".Length..];
        var otherToken = otherLink.AbsolutePath["/u/".Length..];
        var swapped = otherToken[..otherToken.IndexOf('.', StringComparison.Ordinal)] + token[token.IndexOf('.', StringComparison.Ordinal)..];
        var flipped = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        foreach (var forged in new[] { swapped, flipped, "bm90LWEtdG9rZW4.AAAA", "x" })
        {
            using var get = await client.GetAsync($"/u/{forged}", Token);
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            using var post = await client.PostAsync($"/u/{forged}", OneClickBody(), Token);
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }

        // A browser posting from another site is refused even with a good token.
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, link.PathAndQuery) { Content = OneClickBody() })
        {
            crossSite.Headers.Add("Origin", "https://evil.example");
            using var refused = await client.SendAsync(crossSite, Token);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Null(await preferences.GetAsync("desk@example.org", Token));

        // An item already waiting when the reader unsubscribes is dropped with the rest.
        setup.AddArticle("n2", "Truce talks resume in Riyadh [n2]");
        await host.Services.GetRequiredService<FeedPoller>().PollAsync(host.Services.GetRequiredService<NewsWatcher.Configuration.EditorConfigProvider>().Current.Feeds[0], honourNextPoll: false, Token);
        Assert.Equal(1, await host.Services.GetRequiredService<IPendingStore>().CountAsync("desk@example.org", OutboxKind.Alert, Token));

        // RFC 8058 one-click: a POST with List-Unsubscribe=One-Click, no cookies, no confirmation.
        using (var unsubscribe = await client.PostAsync(link.PathAndQuery, OneClickBody(), Token))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
            Assert.Contains("You are unsubscribed", await unsubscribe.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        Assert.True((await preferences.GetAsync("desk@example.org", Token))?.Unsubscribed);
        Assert.Equal(0, await host.Services.GetRequiredService<IPendingStore>().CountAsync("desk@example.org", OutboxKind.Alert, Token));

        setup.AddArticle("n3", "Truce violated again [n3]");
        var report = await once.RunAsync(Token);

        Assert.Single(setup.Messages("desk@example.org"));
        var toOther = setup.Messages("other@example.org");
        Assert.Equal(2, toOther.Count);
        Assert.Contains(toOther, m => (m.TextBody ?? "").Contains("[n2]", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("[n3]", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Sends, s => s.SubscriberId == "desk@example.org" && s.Sent);
    }

    [Fact]
    public async Task PublicListener_TooManyRequestsOrTooLargeBody_RefusedOpsEndpointsNotServed()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory(), requestsPerMinute: 3);
        using var client = setup.PublicClient();

        using (var big = await client.PostAsync("/u/x", new StringContent(new string('a', 64 * 1024), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"), Token))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        }

        using (var metrics = await client.GetAsync("/metrics", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        }

        using (var third = await client.GetAsync("/", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, third.StatusCode);
        }

        using var limited = await client.GetAsync("/u/x", Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task PreferencesForm_PostedWithoutBrowser_OverlayWinsForRoutingAndShowsOnStatusPage()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var host = setup.Host!;
        setup.AddArticle("n1", "Truce talks begin [n1]");
        await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);
        var link = UnsubscribeTestSetup.OneClickLink(Assert.Single(setup.Messages("desk@example.org")));
        using var client = setup.PublicClient();

        using var saved = await client.PostAsync(link.PathAndQuery + "/preferences", new FormUrlEncodedContent([new("cadence", "hourly"), new("watch", "talks"), new("pause", "none")]), Token);

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var preferences = await host.Services.GetRequiredService<IPreferenceStore>().GetAsync("desk@example.org", Token);
        Assert.Equal("hourly", preferences!.Cadence);
        Assert.Equal(["talks"], preferences.Watches);

        // Violations no longer reach desk (watches overlay); talks wait for the hourly digest instead of going at once (cadence overlay).
        setup.AddArticle("n2", "Truce talks stall [n2]");
        setup.AddArticle("n3", "Truce violated at dawn [n3]");
        await host.Services.GetRequiredService<FeedPoller>().PollAsync(host.Services.GetRequiredService<NewsWatcher.Configuration.EditorConfigProvider>().Current.Feeds[0], honourNextPoll: false, Token);
        var pending = host.Services.GetRequiredService<IPendingStore>();
        var digest = await pending.ListAsync("desk@example.org", OutboxKind.Digest, Token);
        Assert.Equal(["n2"], digest.Select(i => i.Key));
        Assert.Equal(0, await pending.CountAsync("desk@example.org", OutboxKind.Alert, Token));
        Assert.Equal(2, await pending.CountAsync("other@example.org", OutboxKind.Alert, Token));

        using var ops = OpsEndpointsTests.Client(host);
        var page = await ops.GetStringAsync(new Uri("/", UriKind.Relative), Token);
        Assert.Contains("cadence hourly; watches talks", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreferencesPost_CrossSiteRefererOrSecFetchSiteWithoutOrigin_RefusedSameSiteRefererSaved()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var link = setup.LinkFor("desk@example.org");
        var preferences = setup.Host!.Services.GetRequiredService<IPreferenceStore>();
        using var client = setup.PublicClient();

        async Task<HttpStatusCode> PostAsync(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, link.PathAndQuery + "/preferences") { Content = new FormUrlEncodedContent([new("cadence", "hourly"), new("watch", "talks"), new("pause", "none")]) };
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await client.SendAsync(request, Token);
            return response.StatusCode;
        }

        // No Origin (an older browser, a privacy setting): the Referer or Sec-Fetch-Site still tells the other site.
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync("Referer", "https://evil.example/page"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync("Referer", "not a url"));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync("Sec-Fetch-Site", "cross-site"));
        Assert.Null(await preferences.GetAsync("desk@example.org", Token));

        // Our own page's form, in a browser that sends a Referer but no Origin, still saves.
        Assert.Equal(HttpStatusCode.SeeOther, await PostAsync("Referer", new Uri(setup.PublicUrl, link.PathAndQuery).AbsoluteUri));
        Assert.Equal("hourly", (await preferences.GetAsync("desk@example.org", Token))?.Cadence);
    }

    private static FormUrlEncodedContent OneClickBody() => new([new("List-Unsubscribe", "One-Click")]);
}
