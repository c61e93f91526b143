using System.Diagnostics.Metrics;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Polling;
using NewsWatcher.Delivery;
using NewsWatcher.Polling;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// The process's one <see cref="Meter"/> ("NewsWatcher") and its instruments. Pipeline code calls one method per event;
/// every Prometheus name starts with <c>newswatcher_</c>. Gauges read the snapshot the status page uses.
/// </summary>
internal sealed class NewsWatcherMetrics
{
    public const string MeterName = "NewsWatcher";

    /// <summary>Drop reasons: an item alone over Digest:MaxMessageBytes; refused alone for size or content; refused with its recipient.</summary>
    public const string DropOversized = "oversized";
    public const string DropRejected = "rejected";
    public const string DropRefused = "refused";

    /// <summary>The poll outcomes seeded at zero per feed (those an alert rule compares); gone and disabled appear when they happen.</summary>
    private static readonly PollStatus[] SeededPollOutcomes =
        [PollStatus.Ok, PollStatus.NotModified, PollStatus.FetchError, PollStatus.ParseError, PollStatus.StoreError, PollStatus.StoreUnconfirmed, PollStatus.Error];

    private static readonly double[] FetchBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] DelayBuckets = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];
    private static readonly double[] CompileBuckets = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _polls;
    private readonly Histogram<double> _fetchDuration;
    private readonly Counter<long> _fetchedBytes;
    private readonly Counter<long> _articlesParsed;
    private readonly Counter<long> _articlesNew;
    private readonly Counter<long> _matches;
    private readonly Counter<long> _digestsSent;
    private readonly Counter<long> _digestsFailed;
    private readonly Counter<long> _ruleReloads;
    private readonly Histogram<double> _ruleCompile;
    private readonly Counter<long> _itemsDropped;
    private readonly Counter<long> _templateFallbacks;
    private readonly Histogram<double> _alertDelay;
    private readonly Counter<long> _webSubNotifications;
    private readonly FeedHealthBoard _health;
    private readonly AlertDelays _delays;
    private readonly HashSet<string> _seeded = new(StringComparer.Ordinal);
    private long _version;

    public NewsWatcherMetrics(IMeterFactory meterFactory, FeedHealthBoard health, AlertDelays delays)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _health = health;
        _delays = delays;
        Meter = meterFactory.Create(MeterName);
        _polls = Meter.CreateCounter<long>("newswatcher.polls", "{poll}", "Feed polls by feed and outcome (ok, not_modified, fetch_error, parse_error, store_error, store_unconfirmed, error).");
        _fetchDuration = Meter.CreateHistogram("newswatcher.fetch.duration", "s", "Time to fetch one feed (request to last byte).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FetchBuckets });
        _fetchedBytes = Meter.CreateCounter<long>("newswatcher.fetched", "By", "Feed body bytes fetched (after decompression).");
        _articlesParsed = Meter.CreateCounter<long>("newswatcher.articles.parsed", "{article}", "Articles parsed from feeds.");
        _articlesNew = Meter.CreateCounter<long>("newswatcher.articles.new", "{article}", "Articles not seen before.");
        _matches = Meter.CreateCounter<long>("newswatcher.matches", "{match}", "Watch matches on new articles, by watch and category.");
        _digestsSent = Meter.CreateCounter<long>("newswatcher.digests.sent", "{message}", "Alerts and digests the mail server (or the outbox) accepted, by channel (email, or the channel's type: webhook, slack, ...) and outbox (alert, digest).");
        _digestsFailed = Meter.CreateCounter<long>("newswatcher.digests.failed", "{message}", "Alerts and digests that could not be sent, by channel, outbox and kind (transient, permanent, error); items stay pending.");
        _ruleReloads = Meter.CreateCounter<long>("newswatcher.rules.reloads", "{reload}", "Watch-rule reloads by result (success, failure).");
        _ruleCompile = Meter.CreateHistogram("newswatcher.rules.compile.duration", "s", "Time to read, parse and compile a changed watches.yaml that was applied (off the poll path).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CompileBuckets });
        _templateFallbacks = Meter.CreateCounter<long>("newswatcher.templates.fallbacks", "{render}", "Renders of an editor's template that failed or passed its bounds, by template file; the built-in template rendered that part instead.");
        _alertDelay = Meter.CreateHistogram("newswatcher.alert.delay", "s", "From an item's publication (or first-seen, when the feed gives no date or a future one) to the alert being accepted (SMTP or channel), by arrival (poll, push).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBuckets });
        _webSubNotifications = Meter.CreateCounter<long>(WebSubNotificationsName, "{notification}", "WebSub content notifications received, by outcome: accepted, or dropped as unsigned, wrong_signature, malformed_signature or unknown_topic.");
        _itemsDropped = Meter.CreateCounter<long>("newswatcher.items.dropped", "{item}", "Pending items given up for good, by channel, outbox and reason (oversized, rejected, refused); each is recorded on the status page.");
    }

    public Meter Meter { get; }

    /// <summary>The WebSub notifications counter (tests listen for its drops).</summary>
    public const string WebSubNotificationsName = "newswatcher.websub.notifications";

    /// <summary>The latest alert delays per feed (the status page's p50).</summary>
    public AlertDelays Delays => _delays;

    /// <summary>Counts pipeline events (polls, sends, drops): a status snapshot taken before the latest event is out of date.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Creates, at zero, every counter series an alert rule compares or takes the increase of: per channel in use and outbox, per enabled
    /// feed and outcome, per watch. Without them a rule such as "failures and no sends" cannot fire when sending fails
    /// from the start, and Prometheus takes the first 1 of a new series for no increase. Idempotent; call again after
    /// a configuration change to seed new feeds and watches.
    /// </summary>
    public void SeedSeries(EditorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_seeded)
        {
            // Every transport in use (email always: the file's subscribers have an address) times both outboxes.
            var transports = config.Routes.Select(r => r.Transport).Append("email").Distinct(StringComparer.Ordinal);
            foreach (var transport in transports)
            {
                foreach (var outbox in new[] { "alert", "digest" })
                {
                    Seed(_digestsSent, $"sent/{transport}/{outbox}", Tag("channel", transport), Tag("outbox", outbox));
                    foreach (var kind in SendStatusLabels.All.Select(s => s.FailureKind()).OfType<string>())
                    {
                        Seed(_digestsFailed, $"failed/{transport}/{outbox}/{kind}", Tag("channel", transport), Tag("outbox", outbox), Tag("kind", kind));
                    }

                    foreach (var reason in new[] { DropOversized, DropRejected, DropRefused })
                    {
                        Seed(_itemsDropped, $"dropped/{transport}/{outbox}/{reason}", Tag("channel", transport), Tag("outbox", outbox), Tag("reason", reason));
                    }
                }
            }

            foreach (var feed in config.Feeds.Where(f => f.Enabled))
            {
                foreach (var outcome in SeededPollOutcomes.Select(o => o.ToLabel()))
                {
                    Seed(_polls, $"polls/{feed.Id}/{outcome}", Tag("feed", feed.Id), Tag("outcome", outcome));
                }

                Seed(_articlesParsed, $"parsed/{feed.Id}", Tag("feed", feed.Id));
                Seed(_articlesNew, $"new/{feed.Id}", Tag("feed", feed.Id));
            }

            foreach (var watch in config.Watches.Watches)
            {
                Seed(_matches, $"matches/{watch.Id}/{watch.Category}", Tag("watch", watch.Id), Tag("category", watch.Category));
            }

            foreach (var outcome in new[] { "accepted", "unsigned", "wrong_signature", "malformed_signature", "unknown_topic" })
            {
                Seed(_webSubNotifications, $"websub/{outcome}", Tag("outcome", outcome));
            }

            foreach (var result in new[] { "success", "failure" })
            {
                Seed(_ruleReloads, $"reloads/{result}", Tag("result", result));
            }

            foreach (var template in new[] { Core.Delivery.DigestTemplates.HtmlFileName, Core.Delivery.DigestTemplates.TextFileName })
            {
                Seed(_templateFallbacks, $"templates/{template}", Tag("template", template));
            }
        }
    }

    /// <summary>A hub's content notification was accepted or dropped (<paramref name="outcome"/> says which and why).</summary>
    public void WebSubNotified(string outcome)
    {
        _webSubNotifications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        Interlocked.Increment(ref _version);
    }

    /// <summary>One feed fetch finished (any status); <paramref name="bytes"/> is the body size when there was one.</summary>
    public void FetchCompleted(string feedId, TimeSpan elapsed, long bytes)
    {
        var feed = new KeyValuePair<string, object?>("feed", feedId);
        _fetchDuration.Record(elapsed.TotalSeconds, feed);
        if (bytes > 0)
        {
            _fetchedBytes.Add(bytes, feed);
        }
    }

    /// <summary>A feed's articles went through dedup: counts parsed, new, and the watch matches of the new ones.</summary>
    public void ArticlesRecorded(string feedId, IReadOnlyList<ArticleDeliveries> batch, IReadOnlyList<bool> isNew)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(isNew);
        Interlocked.Increment(ref _version);
        var feed = new KeyValuePair<string, object?>("feed", feedId);
        _articlesParsed.Add(batch.Count, feed);
        for (var i = 0; i < batch.Count; i++)
        {
            if (!isNew[i])
            {
                continue;
            }

            _articlesNew.Add(1, feed);

            // Every match of the article counts, whether or not a route follows its watch.
            if (batch[i].Matched is not { } matched)
            {
                continue;
            }

            var stage = matched.PrimaryCategory;
            foreach (var match in matched.PerWatch)
            {
                _matches.Add(
                    1,
                    new KeyValuePair<string, object?>("watch", match.WatchId),
                    new KeyValuePair<string, object?>("category", match.Category),
                    new KeyValuePair<string, object?>("stage", stage));
            }
        }
    }

    /// <summary>A poll finished: counts it and updates the feed's health (failures, last success, silence).</summary>
    public void PollCompleted(FeedDefinition feed, PollOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind == PollStatus.Deferred)
        {
            return; // not due yet (backoff, Retry-After, max-age): no request was made
        }

        Interlocked.Increment(ref _version);
        _polls.Add(1, new KeyValuePair<string, object?>("feed", outcome.FeedId), new KeyValuePair<string, object?>("outcome", outcome.Kind.ToLabel()));
        _health.Record(feed, outcome);
    }

    /// <summary>A send attempt for one outbox finished; "nothing" is not counted.</summary>
    /// <param name="outbox">Alert or digest.</param>
    /// <param name="transport">The channel: email, or the channel's type (webhook, slack, ...).</param>
    public void SendCompleted(OutboxKind outbox, SendOutcome outcome, string transport = "email")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Interlocked.Increment(ref _version);
        var channelTag = new KeyValuePair<string, object?>("channel", transport);
        var outboxTag = new KeyValuePair<string, object?>("outbox", outbox == OutboxKind.Alert ? "alert" : "digest");
        if (outcome.Messages > 0)
        {
            // Every accepted part counts, also when a later part of the same send failed.
            _digestsSent.Add(outcome.Messages, channelTag, outboxTag);
        }

        if (outcome.Kind.FailureKind() is { } kind)
        {
            _digestsFailed.Add(1, channelTag, outboxTag, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <summary>An alert was accepted at <paramref name="accepted"/>: each item's delay since publication, by arrival and (for the status page) by feed.</summary>
    public void AlertDelivered(IReadOnlyList<ItemOrigin> origins, DateTimeOffset accepted)
    {
        ArgumentNullException.ThrowIfNull(origins);
        foreach (var origin in origins)
        {
            var seconds = Math.Max(0, (accepted - origin.Since).TotalSeconds);
            _alertDelay.Record(seconds, new KeyValuePair<string, object?>("arrival", origin.Pushed ? "push" : "poll"));
            _delays.Record(origin.FeedId, seconds);
        }
    }

    /// <summary>For the rules hot reload: a changed watches file was applied (or refused), after <paramref name="elapsed"/> reading and compiling it.</summary>
    public void RulesReloaded(bool succeeded, TimeSpan elapsed)
    {
        if (succeeded)
        {
            _ruleCompile.Record(elapsed.TotalSeconds);
        }

        _ruleReloads.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));
    }

    /// <summary>An editor's template failed or passed its bounds; <paramref name="template"/> is its file name (digest.txt.liquid).</summary>
    public void TemplateFellBack(string template) => _templateFallbacks.Add(1, new KeyValuePair<string, object?>("template", template));

    /// <summary>Items left the outbox without being delivered; <paramref name="reason"/> is one of the Drop* constants.</summary>
    /// <param name="outbox">Alert or digest.</param>
    /// <param name="transport">The channel: email, or the channel's type (webhook, slack, ...).</param>
    public void ItemsDropped(OutboxKind outbox, string transport, string reason, int count)
    {
        if (count > 0)
        {
            Interlocked.Increment(ref _version);
            _itemsDropped.Add(
                count,
                new KeyValuePair<string, object?>("channel", transport),
                new KeyValuePair<string, object?>("outbox", outbox == OutboxKind.Alert ? "alert" : "digest"),
                new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private void Seed(Counter<long> counter, string key, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_seeded.Add(key))
        {
            counter.Add(0, tags);
        }
    }
}
