using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Digests;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Reads the current <see cref="StatusSnapshot"/> (feed health, watch counts, recent matches, pending outboxes) and
/// publishes the gauges from the latest one. Refreshed by each scrape of <c>/metrics</c> and each view of the page.
/// </summary>
public sealed class StatusSnapshotProvider : IDisposable
{
    private readonly EditorConfigProvider _config;
    private readonly IFeedHealthSource _health;
    private readonly RecentMatches _recent;
    private readonly IPendingStore _pending;
    private readonly IPreferenceStore? _preferences;
    private readonly TimeProvider _time;
    private readonly ILogger<StatusSnapshotProvider> _logger;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private StatusSnapshot _latest = StatusSnapshot.Empty;

    public StatusSnapshotProvider(
        EditorConfigProvider config,
        IFeedHealthSource health,
        RecentMatches recent,
        IPendingStore pending,
        NewsWatcherMetrics metrics,
        TimeProvider time,
        ILogger<StatusSnapshotProvider> logger,
        IPreferenceStore? preferences = null)
    {
        _preferences = preferences;
        ArgumentNullException.ThrowIfNull(metrics);
        _config = config;
        _health = health;
        _recent = recent;
        _pending = pending;
        _time = time;
        _logger = logger;

        var meter = metrics.Meter;
        meter.CreateObservableGauge("newswatcher.pending.items", () => Latest.Pending.SelectMany(p => new[]
            {
                new Measurement<long>(p.Alerts, Tag("subscriber", p.Subscriber.Id), Tag("channel", p.Subscriber.Transport), Tag("outbox", "alert")),
                new Measurement<long>(p.Digests, Tag("subscriber", p.Subscriber.Id), Tag("channel", p.Subscriber.Transport), Tag("outbox", "digest")),
            }), "{item}", "Items waiting in each subscriber's outboxes, by channel (email, webhook, slack, telegram, ntfy) and outbox (alert, digest).");
        meter.CreateObservableGauge("newswatcher.pending.oldest.age", () => Latest.Pending
            .Where(p => p.Oldest is not null)
            .Select(p => new Measurement<double>((Latest.At - p.Oldest!.Value).TotalSeconds, Tag("subscriber", p.Subscriber.Id))),
            "s", "Age of the oldest pending item per subscriber (how long it has waited in the outbox).");
        meter.CreateObservableGauge("newswatcher.feed.consecutive_failures", () => Latest.Feeds
            .Where(f => f.Feed.Enabled)
            .Select(f => new Measurement<long>(f.Health.ConsecutiveFailures, Tag("feed", f.Feed.Id))),
            "{poll}", "Polls in a row that failed, per feed (0 after a success).");
        meter.CreateObservableGauge("newswatcher.feed.last_success.age", () => Latest.Feeds
            .Where(f => f.Feed.Enabled && f.Health.LastSuccess is not null)
            .Select(f => new Measurement<double>((Latest.At - f.Health.LastSuccess!.Value).TotalSeconds, Tag("feed", f.Feed.Id))),
            "s", "Seconds since each feed's last successful poll.");
        meter.CreateObservableGauge("newswatcher.feed.stale", () => Latest.Feeds
            .Where(f => f.Feed.Enabled && f.Feed.ExpectedUpdate is not null)
            .Select(f => new Measurement<int>(f.Stale ? 1 : 0, Tag("feed", f.Feed.Id))),
            description: "1 when a feed has produced nothing new for longer than its expectedUpdate, else 0.");
    }

    /// <summary>The last snapshot read; empty before the first refresh.</summary>
    public StatusSnapshot Latest => Volatile.Read(ref _latest);

    /// <summary>Reads a fresh snapshot. A store outage leaves feed health and pending counts out and says why; it never throws for that.</summary>
    public async Task<StatusSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var config = _config.Current;
            var now = _time.GetUtcNow();
            var counts = _recent.CountsLast24Hours(now);
            var watches = config.Watches.Watches
                .Select(w => new WatchStatus(w.Id, w.Name, w.Category, w.Priority.ToString().ToLowerInvariant(), counts.GetValueOrDefault(w.Id)))
                .ToList();

            var feeds = new List<FeedStatus>();
            var pending = new List<PendingStatus>();
            string? storeError = null;
            try
            {
                var health = await _health.GetAsync(config.Feeds, cancellationToken).ConfigureAwait(false);
                feeds.AddRange(config.Feeds.Select((feed, i) =>
                {
                    var silence = now - (health[i].LastNewArticle ?? _health.ObservingSince);
                    return new FeedStatus(feed, health[i], feed.Enabled && FeedHealthBoard.IsStale(feed, health[i], _health.ObservingSince, now), silence);
                }));
                var overlay = _preferences is null ? null : await _preferences.GetAllAsync(cancellationToken).ConfigureAwait(false);
                foreach (var subscriber in config.Subscribers.SelectMany(s => s.Routes()))
                {
                    var alerts = await _pending.ListAsync(subscriber.Id, DeliveryChannel.Alert, cancellationToken).ConfigureAwait(false);
                    var digests = await _pending.ListAsync(subscriber.Id, DeliveryChannel.Digest, cancellationToken).ConfigureAwait(false);
                    var oldest = alerts.Concat(digests).Select(i => (DateTimeOffset?)(i.QueuedAt ?? i.Article.Published)).Min();
                    var failed = await _pending.ListFailedAsync(subscriber.Id, cancellationToken).ConfigureAwait(false);
                    pending.Add(new PendingStatus(subscriber, alerts.Count, digests.Count, oldest) { Failed = [.. failed.Take(PendingStatus.FailedShown)], Preferences = overlay?.GetValueOrDefault(subscriber.Id) });
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SnapshotStoreFailed(_logger, ex);
                storeError = ex.Message;
                feeds = [.. config.Feeds.Select(feed => new FeedStatus(feed, FeedHealth.Empty, Stale: false, now - _health.ObservingSince))];
                pending.Clear();
            }

            var snapshot = new StatusSnapshot(now, feeds, watches, _recent.Latest(RecentMatches.Capacity), pending, storeError);
            Volatile.Write(ref _latest, snapshot);
            return snapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Dispose() => _refreshLock.Dispose();

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
