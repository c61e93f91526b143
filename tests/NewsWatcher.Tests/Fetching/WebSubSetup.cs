using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Diagnostics;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Fetching;

/// <summary>A worker with its public listener on, a feed that names <see cref="Hub"/>, and the test hub itself.</summary>
internal static class WebSubSetup
{
    public const string FeedPath = "/wire.xml";

    /// <summary>Points the harness's public listener at a free port and gives it a signing key; returns the listener's base URL.</summary>
    public static Uri UsePublicListener(WorkerHarness harness, int? port = null, Uri? publicUrl = null)
    {
        var publicPort = port ?? TestSmtpServer.UnusedPort();
        var secrets = TempDirectory.Create("secrets");
        File.WriteAllText(Path.Combine(secrets, "token-key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36)) + "\n");
        var url = publicUrl ?? new Uri($"http://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}/");
        harness.Set("Http:PublicPort", publicPort.ToString(CultureInfo.InvariantCulture));
        harness.Set("Http:PublicUrl", url.ToString());
        harness.Set("Http:TokenKeyFile", Path.Combine(secrets, "token-key"));
        return url;
    }

    /// <summary>Serves a feed naming the hub (atom:link in the channel) with one item that matches no watch; returns its URL.</summary>
    public static string ServeFeed(WorkerHarness harness, TestWebSubHub hub)
    {
        var self = new Uri(harness.Feeds.BaseAddress, FeedPath).ToString();
        return harness.Feeds.Serve(FeedPath, TimedRss.Build([("calm", "Markets calm on Monday", TimeProvider.System.GetUtcNow().AddHours(-2))], hub.AtomLinks(self)));
    }

    /// <summary>The config every test here uses: one feed, the truce watches, one immediate subscriber.</summary>
    public static void WriteConfig(WorkerHarness harness, string feedUrl, bool enabled = true)
    {
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {feedUrl}\n    interval: 1h\n    enabled: {(enabled ? "true" : "false")}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    watches: [\"*\"]\n    digest: daily 07:00\n    timezone: UTC\n    immediate: true\n");
    }

    /// <summary>A notification body: the feed with one new item.</summary>
    public static byte[] Notification(string guid, string title) =>
        TimedRss.Build([(guid, title, TimeProvider.System.GetUtcNow().AddSeconds(-1))]);
}

/// <summary>
/// The set-up most tests here share: the test hub, and a started worker on Garnet with its public listener on and one
/// feed that names the hub. Disposing stops the worker, then its servers, then the hub.
/// </summary>
internal sealed class WebSubWorker : IAsyncDisposable
{
    private WebSubWorker(TestWebSubHub hub, WorkerHarness harness, Uri publicUrl, string feedUrl)
    {
        (Hub, Harness, PublicUrl, FeedUrl) = (hub, harness, publicUrl, feedUrl);
    }

    public TestWebSubHub Hub { get; }

    public WorkerHarness Harness { get; }

    /// <summary>The public listener's base URL.</summary>
    public Uri PublicUrl { get; }

    public string FeedUrl { get; }

    public IHost Host { get; private set; } = null!;

    /// <param name="configure">Settings to change before the worker starts.</param>
    public static async Task<WebSubWorker> StartAsync(string dataDirectory, Action<WorkerHarness>? configure = null)
    {
        var hub = await TestWebSubHub.StartAsync();
        var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, dataDirectory);
        var publicUrl = WebSubSetup.UsePublicListener(harness);
        var feedUrl = WebSubSetup.ServeFeed(harness, hub);
        WebSubSetup.WriteConfig(harness, feedUrl);
        configure?.Invoke(harness);
        var worker = new WebSubWorker(hub, harness, publicUrl, feedUrl);
        try
        {
            worker.Host = await harness.StartHostAsync(scheduled: true);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the worker, applies <paramref name="whileStopped"/> (edited files, as a deploy brings them), starts it again.</summary>
    public async Task RestartAsync(Action<WorkerHarness> whileStopped)
    {
        await StopAsync();
        whileStopped(Harness);
        Host = await Harness.StartHostAsync(scheduled: true);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Harness.DisposeAsync();
        await Hub.DisposeAsync();
    }

    private async Task StopAsync()
    {
        if (Host is { } host)
        {
            Host = null!;
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}

/// <summary>Reports each WebSub notification outcome one host counts (its own meter only), as it is counted.</summary>
internal sealed class NotificationOutcomes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Channel<string> _outcomes = Channel.CreateUnbounded<string>();

    public NotificationOutcomes(IHost host)
    {
        var meter = host.Services.GetRequiredService<NewsWatcherMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == NewsWatcherMetrics.WebSubNotificationsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Seeding at zero is not an event.
            if (value > 0)
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        _outcomes.Writer.TryWrite((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
    }

    public ValueTask<string> NextAsync(CancellationToken cancellationToken) => _outcomes.Reader.ReadAsync(cancellationToken);

    public void Dispose() => _listener.Dispose();
}
