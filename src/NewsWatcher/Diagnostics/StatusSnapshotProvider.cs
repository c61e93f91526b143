using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Polling;
using NewsWatcher.Dedup;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Http;
using NewsWatcher.Outbox;
using NewsWatcher.Scheduling;
using NewsWatcher.Subscribers;
using StackExchange.Redis;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Reads the current <see cref="StatusSnapshot"/> (feed health, watch counts, recent matches, pending outboxes, items
/// given up) and publishes the gauges from the latest one. Refreshed in the background every
/// Http:StatusRefreshInterval and when a request finds it older than the latest pipeline event; every store read is
/// bounded by Http:StatusStoreTimeout, so <c>/</c> and <c>/metrics</c> never queue behind a stalled store.
/// </summary>
internal sealed class StatusSnapshotProvider : IDisposable
{
    /// <summary>Items given up shown on the page (newest first).</summary>
    public const int GivenUpShown = 20;

    /// <summary>Truce threads the Stories view shows.</summary>
    public const int StoriesShown = 20;

    private static readonly OutboxKind[] Outboxes = [OutboxKind.Alert, OutboxKind.Digest];

    private readonly EditorConfigProvider _config;
    private readonly IFeedHealthSource _health;
    private readonly RecentMatches _recent;
    private readonly IPendingStore _pending;
    private readonly IPreferenceStore? _preferences;
    private readonly TimeProvider _time;
    private readonly ILogger<StatusSnapshotProvider> _logger;
    private readonly NewsWatcherMetrics _metrics;
    private readonly HttpOptions _options;
    private readonly Lock _gate = new();
    private readonly ClusterRegistry? _cluster;
    private readonly IThreadStore? _threads;
    private readonly PollPolicy? _policy;
    private readonly RedisWebSubStore? _webSub;
    private StatusSnapshot _latest = StatusSnapshot.Empty;
    private Task<StatusSnapshot>? _inflight;
    private long _inflightVersion = -1;

    public StatusSnapshotProvider(
        EditorConfigProvider config,
        IFeedHealthSource health,
        RecentMatches recent,
        IPendingStore pending,
        NewsWatcherMetrics metrics,
        IOptions<HttpOptions> options,
        TimeProvider time,
        ILogger<StatusSnapshotProvider> logger,
        ClusterRegistry? cluster = null,
        IPreferenceStore? preferences = null,
        IThreadStore? threads = null,
        IOptions<NewsWatcher.Polling.PollingOptions>? scheduling = null,
        RedisWebSubStore? webSub = null)
    {
        _policy = scheduling?.Value.CreatePollPolicy();
        _webSub = webSub;
        _threads = threads;
        _cluster = cluster;
        _preferences = preferences;
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _options = options.Value;
        _config = config;
        _health = health;
        _recent = recent;
        _pending = pending;
        _time = time;
        _logger = logger;

        var meter = metrics.Meter;
        meter.CreateObservableGauge("newswatcher.pending.items", () => Latest.Pending.SelectMany(p => new[]
            {
                new Measurement<long>(p.Alerts, Tag("subscriber", p.Route.Id), Tag("channel", p.Route.Transport), Tag("outbox", "alert")),
                new Measurement<long>(p.Digests, Tag("subscriber", p.Route.Id), Tag("channel", p.Route.Transport), Tag("outbox", "digest")),
            }), "{item}", "Items waiting in each subscriber's outboxes, by channel (email, or the channel's type: webhook, slack, ...) and outbox (alert, digest).");
        meter.CreateObservableGauge("newswatcher.pending.oldest.age", () => Latest.Pending
            .Where(p => p.Oldest is not null)
            .Select(p => new Measurement<double>((Latest.At - p.Oldest!.Value).TotalSeconds, Tag("subscriber", p.Route.Id))),
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
        meter.CreateObservableGauge("newswatcher.status.snapshot.age", () => Latest.StoreReadAt is { } read
                ? [new Measurement<double>((_time.GetUtcNow() - read).TotalSeconds)]
                : Array.Empty<Measurement<double>>(),
            "s", "Seconds since feed health, watch counts, recent matches and outboxes were last read from the store (the gauges above are that old).");
        meter.CreateObservableGauge("newswatcher.status.snapshot.stale", () => Latest.Stale ? 1 : 0,
            description: "1 when the last refresh could not read the store within Http:StatusStoreTimeout, else 0.");
    }

    /// <summary>The last snapshot read; empty (and stale) before the first refresh.</summary>
    public StatusSnapshot Latest => Volatile.Read(ref _latest);

    /// <summary>
    /// The snapshot for a request: the latest one when nothing happened since it was read; else a refresh (shared with
    /// every request that arrives while it runs) that waits for the store at most Http:StatusStoreTimeout. While the
    /// store is failing, the last snapshot (marked stale) is served at once until the next background refresh.
    /// </summary>
    public Task<StatusSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        // Nothing happened since the last read, and it is recent: serve it. When that read failed, this also spares
        // every scrape another wait for a store that just did not answer; the background refresh tries again.
        var latest = Latest;
        if (latest.Version == _metrics.Version && _time.GetUtcNow() - latest.At < _options.StatusRefreshInterval)
        {
            return Task.FromResult(latest);
        }

        return RefreshAsync(force: false).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Reads a fresh snapshot, or joins the read in flight when it began after the latest pipeline event. A store that
    /// fails or does not answer within Http:StatusStoreTimeout keeps the last feed health and outboxes, marked stale; it never throws for that.
    /// </summary>
    /// <param name="force">Start a new read even if one is in flight (the background refresh).</param>
    public Task<StatusSnapshot> RefreshAsync(bool force = true)
    {
        var version = _metrics.Version;
        lock (_gate)
        {
            if (!force && _inflight is { IsCompleted: false } running && _inflightVersion >= version)
            {
                return running;
            }

            _inflightVersion = version;
            _inflight = ReadAsync(version);
            return _inflight;
        }
    }

    private async Task<StatusSnapshot> ReadAsync(long version)
    {
        await Task.Yield(); // never run the store reads on the caller's stack while it holds the gate
        var config = _config.Current;
        _metrics.SeedSeries(config);
        var now = _time.GetUtcNow();

        using var timeout = new CancellationTokenSource(_options.StatusStoreTimeout, _time);
        StatusSnapshot snapshot;
        try
        {
            var (feeds, pending, givenUp) = await ReadStoreAsync(config, now, timeout.Token).ConfigureAwait(false);

            // The cluster's matches, not this replica's: every replica's page shows the same.
            var activity = await _recent.ReadAsync(now, timeout.Token).ConfigureAwait(false);
            var watches = WatchStatuses(config, activity.CountsLast24Hours);
            var stories = _threads is null ? [] : await _threads.RecentAsync(StoriesShown, timeout.Token).ConfigureAwait(false);
            snapshot = new StatusSnapshot(now, feeds, watches, activity.Latest, pending, null) { StoreReadAt = now, GivenUp = givenUp, Stories = stories, Version = version };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException
                ? $"no answer within {_options.StatusStoreTimeout.TotalSeconds:0.#} s"
                : ex.Message;
            Log.SnapshotStoreFailed(_logger, reason, ex);

            // Keep what was last read (marked stale), rather than blank it: the page says how old it is. Watch counts
            // and recent matches too: they live in the store as well.
            var last = Latest;
            var feeds = last.StoreReadAt is null
                ? [.. config.Feeds.Select(feed => new FeedStatus(feed, FeedHealth.Empty, Stale: false, now - _health.ObservingSince))]
                : last.Feeds;
            var counts = last.Watches.ToDictionary(w => w.Id, w => w.MatchesLast24Hours, StringComparer.Ordinal);
            snapshot = new StatusSnapshot(now, feeds, WatchStatuses(config, counts), last.RecentMatches, last.Pending, reason)
            {
                StoreReadAt = last.StoreReadAt,
                GivenUp = last.GivenUp,
                Stories = last.Stories,
                Stale = true,
                Version = version,
            };
        }

        snapshot = await WithReplicasAsync(snapshot, timeout.Token).ConfigureAwait(false);
        Volatile.Write(ref _latest, snapshot);
        return snapshot;
    }

    /// <summary>Every configured watch with its count (0 when it did not match).</summary>
    private static List<WatchStatus> WatchStatuses(EditorConfig config, IReadOnlyDictionary<string, int> counts) =>
        [.. config.Watches.Watches.Select(w => new WatchStatus(w.Id, w.Name, w.Category, w.Priority.ToString().ToLowerInvariant(), counts.GetValueOrDefault(w.Id)))];

    private async Task<(List<FeedStatus> Feeds, List<PendingStatus> Pending, List<GivenUpStatus> GivenUp)> ReadStoreAsync(
        EditorConfig config, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var health = await _health.GetAsync(config.Feeds, cancellationToken).ConfigureAwait(false);
        var pushes = (_webSub is null ? [] : await _webSub.GetAllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.FeedId, StringComparer.Ordinal);
        var feeds = config.Feeds.Select((feed, i) =>
        {
            var silence = now - (health[i].LastNewArticle ?? _health.ObservingSince);
            return new FeedStatus(feed, health[i], feed.Enabled && FeedHealthBoard.IsStale(feed, health[i], _health.ObservingSince, now), silence)
            {
                DelayP50 = _metrics.Delays.Median(feed.Id),
                Schedule = _policy is null ? null : FeedSchedule.Of(feed, health[i], _policy, pushes.GetValueOrDefault(feed.Id), now),
            };
        }).ToList();

        var pending = new List<PendingStatus>();
        var givenUp = new List<GivenUpStatus>();
        var overlay = _preferences is null ? null : await _preferences.GetAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subscriber in config.Routes)
        {
            var alerts = await _pending.ListAsync(subscriber.Id, OutboxKind.Alert, cancellationToken).ConfigureAwait(false);
            var digests = await _pending.ListAsync(subscriber.Id, OutboxKind.Digest, cancellationToken).ConfigureAwait(false);
            var oldest = alerts.Concat(digests).Select(i => (DateTimeOffset?)(i.QueuedAt ?? i.Article.Published)).Min();
            var failed = await _pending.ListFailedAsync(subscriber.Id, cancellationToken).ConfigureAwait(false);
            var retrying = new List<RetryingStatus>();
            foreach (var outbox in Outboxes)
            {
                if (await _pending.GetSendingAsync(subscriber.Id, outbox, cancellationToken).ConfigureAwait(false) is { LastError: { } reason } held)
                {
                    retrying.Add(new RetryingStatus(outbox, held.ItemKeys.Count, held.Attempts, reason, held.LastErrorAt ?? now, held.NotBefore));
                }
            }

            pending.Add(new PendingStatus(subscriber, alerts.Count, digests.Count, oldest)
            {
                Failed = [.. failed.Take(PendingStatus.FailedShown)],
                LastSent = failed.Count == 0 ? null : await _pending.LastSentAsync(subscriber.Id, cancellationToken).ConfigureAwait(false),
                Retrying = retrying,
                Preferences = overlay?.GetValueOrDefault(subscriber.Id),
            });
            givenUp.AddRange(failed.Take(GivenUpShown).Select(f => new GivenUpStatus(subscriber, f)));
        }

        givenUp.Sort((x, y) => y.Failure.FailedAt.CompareTo(x.Failure.FailedAt));
        return (feeds, pending, givenUp.Take(GivenUpShown).ToList());
    }

    public void Dispose()
    {
        // Nothing to release: reads in flight end at their store timeout.
    }

    /// <summary>Adds the cluster's replicas when the schedule is clustered; a database outage is shown, never thrown.</summary>
    private async Task<StatusSnapshot> WithReplicasAsync(StatusSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (_cluster is null)
        {
            return snapshot;
        }

        try
        {
            return snapshot with { Replicas = await _cluster.ReplicasAsync(cancellationToken).ConfigureAwait(false), InstanceId = _cluster.InstanceId };
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            Log.SnapshotClusterFailed(_logger, ex);
            return snapshot with { Replicas = [], ClusterError = ex.Message, InstanceId = _cluster.InstanceId };
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
