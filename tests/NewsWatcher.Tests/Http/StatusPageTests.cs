using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Http.Ops;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>The status page at <c>/</c>, loaded by headless Chromium over loopback after real once-style runs.</summary>
public sealed class StatusPageTests : IClassFixture<StoreFixture>
{
    // The parser strips anything shaped like a tag; what survives (&, <, >, quotes) the page must escape.
    private const string HostileTitle = "Ceasefire agreed: \"A & B\" say 5 < 6 > 4";

    private static readonly string[] ChromiumBinaries = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private readonly StoreFixture _store;

    public StatusPageTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task StatusPage_InHeadlessChromium_ShowsFeedHealthStaleFeedWatchCountsHighlightedMatchesAndPendingEscaped()
    {
        var chromium = ChromiumBinaries.FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            Assert.Skip("chromium is not installed (apt-get install chromium chromium-driver; .ci/run installs it).");
        }

        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var world = harness.Feeds.Serve("/world.xml", Rss(("a1", HostileTitle), ("a2", "Arsenal beat Chelsea")));
        var quiet = harness.Feeds.Serve("/quiet.xml", Rss());
        var missing = new Uri(harness.Feeds.BaseAddress, "/missing.xml");
        harness.WriteConfig("feeds.yaml", $"""
            feeds:
              - id: world
                name: World <Desk>
                url: {world}
                expectedUpdate: 6h
              - id: quiet
                name: Quiet Wire
                url: {quiet}
                expectedUpdate: 1h
              - id: missing
                url: {missing}
            """);
        harness.WriteConfig("watches.yaml", "watches:\n  - id: ceasefire\n    name: Cease-fire & truce\n    category: agreement\n    any: [ceasefire]\n");
        harness.WriteConfig("stages.yaml", "rules:\n  - {id: agreed, stage: agreement, query: agreed NEAR/2 ceasefire}\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Night Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n    immediate: false\n");
        harness.Smtp.Reply = TestSmtpServer.TransientFailure;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        harness.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<ILoggerProvider>(logs);
        };
        using var host = await harness.StartHostAsync(scheduled: false);
        var runner = host.Services.GetRequiredService<OnceRunner>();
        await runner.RunAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromHours(2));
        await runner.RunAsync(TestContext.Current.CancellationToken);
        var url = new Uri(host.Services.GetRequiredService<OpsHttpServer>().Address!, "/");

        var dom = await RunChromiumAsync(chromium, "--dump-dom", url.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "status-page.dom.html"), dom, TestContext.Current.CancellationToken);

        // Feeds: health, last error, staleness.
        Assert.Contains("World &lt;Desk&gt;", dom, StringComparison.Ordinal);
        Assert.Matches("""<tr data-feed="world">.*?<td class="ok">ok</td>""", dom);
        Assert.Matches("""<tr data-feed="quiet">.*?<td class="stale">stale</td>.*?2h 0m \(expected every 1h 0m\)""", dom);
        Assert.Matches("""<tr data-feed="missing">.*?<td class="failing">failing</td><td>never</td><td class="num">2</td><td>[^<]*HTTP 404 Not Found""", dom);

        // Watches with their 24-hour counts; the matched article with its watch and the term highlighted; feed text escaped.
        Assert.Matches("""<tr data-watch="ceasefire"><td>Cease-fire &amp; truce.*?<td class="num">1</td>""", dom);
        Assert.Contains("</mark> agreed: \"A &amp; B\" say 5 &lt; 6 &gt; 4", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(">Ceasefire</mark>", dom, StringComparison.Ordinal);
        Assert.Contains("<span class=\"watch\">Cease-fire &amp; truce</span>", dom, StringComparison.Ordinal);
        Assert.Contains("<span class=\"stage\">Truce agreed</span>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Arsenal", dom, StringComparison.Ordinal);
        Assert.Contains("<title>NewsWatcher status</title>", dom, StringComparison.Ordinal);

        // Pending: the refused digest's item is still waiting.
        Assert.Matches("""<tr data-subscriber="[^"]+"><td>Night Desk <span class="muted">desk@example.org</span></td><td>email</td><td>hourly</td><td class="num">0</td><td class="num">1</td>""", dom);

        // The stale feed is also in the log and the metrics.
        Assert.Contains(logs.Entries, e => e.EventId.Id == 6000 && e.Message.Contains("Feed quiet is stale", StringComparison.Ordinal));
        using var client = OpsEndpointsTests.Client(host);
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("newswatcher_feed_stale{feed=\"quiet\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("newswatcher_feed_stale{feed=\"world\"} 0", metrics, StringComparison.Ordinal);

        // A picture for humans, next to the test binaries.
        var screenshot = Path.Combine(AppContext.BaseDirectory, "status-page.png");
        File.Delete(screenshot);
        await RunChromiumAsync(chromium, $"--screenshot={screenshot}", "--window-size=1280,1400", url.ToString());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot)[..4]);
        TestContext.Current.SendDiagnosticMessage($"status page screenshot: {screenshot}");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> RunChromiumAsync(string chromium, params string[] args)
    {
        var profile = TempDirectory.Create("chromium");
        try
        {
            var start = new ProcessStartInfo(chromium) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };

            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={profile}" }.Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stderr);
            return await stdout;
        }
        finally
        {
            TempDirectory.DeleteQuietly(profile);
        }
    }

    private static byte[] Rss(params (string Guid, string Title)[] items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title><link>https://news.example.org/</link><description>d</description>""");
        foreach (var (guid, title) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{System.Security.SecurityElement.Escape(title)}</title><link>https://news.example.org/{guid}</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}
