using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>With Http:PublicUrl set, each alert links to its truce thread's signed, read-only page on the public listener.</summary>
public sealed partial class StoryPageTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LinkInAlert_ShowsTheThreadUpToThatDevelopment_ForgedOrForeignTokensRefused()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(store.NewDataDirectory());
        var once = setup.Host!.Services.GetRequiredService<OnceRunner>();
        setup.AddArticle("n1", "Truce violated near the front [n1]");
        await once.RunAsync(Token);

        var alert = Assert.Single(setup.Messages("desk@example.org"));
        var link = new Uri(StoryLink().Match(alert.TextBody ?? "").Groups[1].Value);
        Assert.Equal(setup.PublicUrl.Authority, link.Authority);
        Assert.StartsWith("/s/", link.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri, alert.HtmlBody, StringComparison.Ordinal);
        using var client = setup.PublicClient();

        using (var page = await client.GetAsync(link.PathAndQuery, Token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync(Token);
            Assert.Contains("Truce violated near the front [n1]", html, StringComparison.Ordinal);
            Assert.DoesNotContain("desk@example.org", html, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        // A flipped signature, and an unsubscribe token (another purpose) under the story path, are refused.
        var token = link.AbsolutePath["/s/".Length..];
        var unsubscribe = UnsubscribeTestSetup.OneClickLink(alert).AbsolutePath["/u/".Length..];
        foreach (var forged in new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), unsubscribe, "x" })
        {
            using var refused = await client.GetAsync($"/s/{forged}", Token);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [GeneratedRegex(@"The story so far: (\S+)")]
    private static partial Regex StoryLink();
}
