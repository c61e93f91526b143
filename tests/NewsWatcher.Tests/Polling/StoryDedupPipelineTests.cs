using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>Two outlets' feeds, served over HTTP and polled by the real pipeline, carry one story: one digest entry.</summary>
public sealed class StoryDedupPipelineTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Theory]
    [AllStoreBackends]
    public async Task Poll_TwoOutletsSameStory_OneEntryAlsoReportedByTheOther(StoreBackend backend)
    {
        if (backend != StoreBackend.Garnet)
        {
            StoreFixture.RequireUrl(backend);
        }

        await using var harness = await WorkerHarness.StartAsync(backend, fixture.NewDataDirectory());
        // Real headlines (news corpus gn-da0be8e308, gn-e93b133f85) and a different development the same day.
        var cnn = harness.Feeds.Serve("/cnn.xml", Rss("cnn", ("c1", "Thailand and Cambodia agree to unconditional ceasefire from midnight, Malaysian PM says", "Mon, 28 Jul 2025 13:49:00 GMT")));
        var abc = harness.Feeds.Serve("/abc.xml", Rss("abc",
            ("a1", "Thailand and Cambodia agree to 'immediate and unconditional' ceasefire, Malaysian PM says", "Tue, 29 Jul 2025 04:59:00 GMT"),
            ("a2", "Thailand accuses Cambodia of second ceasefire violation in two days", "Tue, 29 Jul 2025 09:53:00 GMT")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: cnn\n    url: {cnn}\n    name: CNN\n  - id: abc\n    url: {abc}\n    name: ABC News\n");
        harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [ceasefire]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    watches: [\"*\"]\n    digest: hourly\n    timezone: UTC\n    immediate: false\n");
        using var host = harness.BuildHost();
        var poller = host.Services.GetRequiredService<FeedPoller>();
        var feeds = host.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds;

        foreach (var feed in feeds)
        {
            Assert.Equal("ok", (await poller.PollAsync(feed, TestContext.Current.CancellationToken)).Status);
        }

        var subscriber = host.Services.GetRequiredService<EditorConfigProvider>().Current.Subscribers.Single();
        var pending = await host.Services.GetRequiredService<IPendingStore>().ListAsync(subscriber.Id, OutboxKind.Digest, TestContext.Current.CancellationToken);
        Assert.Equal(["c1", "a2"], pending.Select(p => p.Key));
        var story = pending[0];
        Assert.Equal("abc", Assert.Single(story.AlsoReportedBy).FeedId);
        Assert.Equal(2, story.SourceCount);
        Assert.Empty(pending[1].AlsoReportedBy);
    }

    private static byte[] Rss(string outlet, params (string Guid, string Title, string Date)[] items)
    {
        var xml = new StringBuilder($"<rss version=\"2.0\"><channel><title>{outlet}</title><link>https://{outlet}.example/</link>");
        foreach (var (guid, title, date) in items)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{System.Security.SecurityElement.Escape(title)}</title><link>https://{outlet}.example/{guid}</link><pubDate>{date}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}
