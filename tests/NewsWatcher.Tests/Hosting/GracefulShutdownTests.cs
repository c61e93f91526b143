using System.Net;
using System.Text;
using NewsWatcher.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace NewsWatcher.Tests.Hosting;

/// <summary>SIGTERM to the published app, as a container runtime sends it, while a message is half-way through SMTP.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("shutdown");

    [Fact]
    public async Task Sigterm_DuringSmtpSend_FinishesSendAndAckThenExitsZeroAndNothingIsLostOrRepeated()
    {
        await using var feeds = await TestFeedServer.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        var inData = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        smtp.Responder = _ =>
        {
            // Hold the reply to DATA: the message is in flight until the test lets it through.
            inData.TrySetResult();
            release.Wait(TimeSpan.FromMinutes(2));
            return SmtpResponse.Ok;
        };
        var feed = feeds.Serve("/world.xml", Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title><link>https://news.example.org/</link><description>d</description>
            <item><guid>u1</guid><title>Kremlin accepts 30-day ceasefire proposal</title><link>https://news.example.org/u1</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
            <item><guid>u2</guid><title>Kyiv accepts ceasefire at midnight</title><link>https://news.example.org/u2</link><pubDate>Tue, 24 Nov 2026 08:05:00 GMT</pubDate></item>
            </channel></rss>
            """));
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: world\n    url: {feed}\n");
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: accepted\n    name: Truce accepted\n    category: acceptance\n    priority: urgent\n    any: [accepts]\n    all: [[ceasefire]]\n");
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: daily 07:00\n    immediate: true\n");
        var httpPort = TestSmtpServer.UnusedPort();
        string[] settings =
        [
            $"--Http:Port={httpPort}", "--Http:BindAddress=127.0.0.1",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtp.Port}", "--Smtp:Security=None",
            "--Polling:MaxJitter=00:00:00", "--Polling:AlertInterval=00:00:05", "--Host:ShutdownTimeout=00:01:30",
        ];

        using var app = await PublishedApp.StartAsync(_work, ["run", .. settings]);
        await inData.Task.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        await app.TerminateAsync();

        // The listener stops last: readiness says the worker is shutting down while the send is still held.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(app, async () =>
        {
            using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable
                && (await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Contains("shutting down", StringComparison.Ordinal);
        });
        release.Set();
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, app.Output);
        var alert = Assert.Single(smtp.Messages);
        Assert.Contains("Kremlin accepts 30-day ceasefire proposal", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kyiv accepts ceasefire at midnight", alert.TextBody, StringComparison.Ordinal);
        Assert.Single(feeds.RequestsFor("/world.xml"));

        // The ack was stored before exit: another run finds nothing pending and sends nothing again.
        using var again = await PublishedApp.StartAsync(_work, ["once", .. settings]);
        Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, again.Output);
        Assert.Single(smtp.Messages);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }

    private static async Task WaitUntilAsync(AppProcess app, Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            while (!await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            throw new InvalidOperationException($"the app never reported shutting down ({ex.Message}); its output:\n{app.Output}", ex);
        }
    }
}
