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
        using var release = new ManualResetEventSlim();
        var inData = HoldDataReplies(smtp, release);
        var settings = WriteConfig(feeds, smtp, shutdownTimeout: "00:01:30", out var httpPort);

        using var app = await PublishedApp.StartAsync(_work, ["run", .. settings]);
        await inData.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
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

    [Fact]
    public async Task Sigterm_SendOutlastsShutdownTimeout_ExitsZeroAndTheNextStartResendsTheSameMessage()
    {
        await using var feeds = await TestFeedServer.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        using var release = new ManualResetEventSlim();
        var inData = HoldDataReplies(smtp, release);
        var settings = WriteConfig(feeds, smtp, shutdownTimeout: "00:00:02", out _);

        using var app = await PublishedApp.StartAsync(_work, ["run", .. settings]);
        await inData.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        await app.TerminateAsync();
        var exitCode = await app.WaitForExitAsync(TimeSpan.FromMinutes(2));

        // The process gave up on the held send at the timeout; only now does the server answer the abandoned session.
        release.Set();
        Assert.True(exitCode == 0, app.Output);
        smtp.Responder = null;
        using var again = await PublishedApp.StartAsync(_work, ["once", .. settings]);
        Assert.True(await again.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, again.Output);

        var resent = smtp.Messages.Last();
        Assert.Contains("Kremlin accepts 30-day ceasefire proposal", resent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kyiv accepts ceasefire at midnight", resent.TextBody, StringComparison.Ordinal);
        Assert.All(smtp.Messages, m => Assert.Equal(resent.MessageId, m.MessageId));
        var delivered = smtp.Messages.Count;
        using var third = await PublishedApp.StartAsync(_work, ["once", .. settings]);
        Assert.True(await third.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, third.Output);
        Assert.Equal(delivered, smtp.Messages.Count);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }

    /// <summary>Holds the reply to DATA (the message is in flight) until <paramref name="release"/> is set; the task says a message got there.</summary>
    private static Task HoldDataReplies(TestSmtpServer smtp, ManualResetEventSlim release)
    {
        var inData = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.Responder = _ =>
        {
            inData.TrySetResult();
            release.Wait(TimeSpan.FromMinutes(2));
            return SmtpResponse.Ok;
        };
        return inData.Task;
    }

    /// <summary>One feed with two urgent matches for one immediate subscriber; returns the settings for the app's command line.</summary>
    private string[] WriteConfig(TestFeedServer feeds, TestSmtpServer smtp, string shutdownTimeout, out int httpPort)
    {
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
        httpPort = TestSmtpServer.UnusedPort();
        return
        [
            $"--Http:Port={httpPort}", "--Http:BindAddress=127.0.0.1",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={smtp.Port}", "--Smtp:Security=None",
            "--Polling:MaxJitter=00:00:00", "--Polling:AlertInterval=00:00:05", $"--Host:ShutdownTimeout={shutdownTimeout}",
        ];
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
