using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Diagnostics;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.WebSub;

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
