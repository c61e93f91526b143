using System.Diagnostics.Metrics;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Feeds;
using NewsWatcher.Pipeline;
using NewsWatcher.Storage;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// The process's one <see cref="Meter"/> ("NewsWatcher") and its instruments. Pipeline code calls one method per event;
/// every Prometheus name starts with <c>newswatcher_</c>. Gauges read the snapshot the status page uses.
/// </summary>
public sealed class NewsWatcherMetrics
{
    public const string MeterName = "NewsWatcher";

    private static readonly double[] FetchBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _polls;
    private readonly Histogram<double> _fetchDuration;
    private readonly Counter<long> _fetchedBytes;
    private readonly Counter<long> _articlesParsed;
    private readonly Counter<long> _articlesNew;
    private readonly Counter<long> _matches;
    private readonly Counter<long> _digestsSent;
    private readonly Counter<long> _digestsFailed;
    private readonly Counter<long> _ruleReloads;
    private readonly FeedHealthBoard _health;
    private readonly RecentMatches _recent;

    public NewsWatcherMetrics(IMeterFactory meterFactory, FeedHealthBoard health, RecentMatches recent)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _health = health;
        _recent = recent;
        Meter = meterFactory.Create(MeterName);
        _polls = Meter.CreateCounter<long>("newswatcher.polls", "{poll}", "Feed polls by feed and outcome (ok, not_modified, fetch_error, parse_error, store_error, error).");
        _fetchDuration = Meter.CreateHistogram("newswatcher.fetch.duration", "s", "Time to fetch one feed (request to last byte).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FetchBuckets });
        _fetchedBytes = Meter.CreateCounter<long>("newswatcher.fetched", "By", "Feed body bytes fetched (after decompression).");
        _articlesParsed = Meter.CreateCounter<long>("newswatcher.articles.parsed", "{article}", "Articles parsed from feeds.");
        _articlesNew = Meter.CreateCounter<long>("newswatcher.articles.new", "{article}", "Articles not seen before.");
        _matches = Meter.CreateCounter<long>("newswatcher.matches", "{match}", "Watch matches on new articles, by watch and category.");
        _digestsSent = Meter.CreateCounter<long>("newswatcher.digests.sent", "{message}", "Alerts and digests the mail server (or the outbox) accepted, by channel.");
        _digestsFailed = Meter.CreateCounter<long>("newswatcher.digests.failed", "{message}", "Alerts and digests that could not be sent, by channel and kind (transient, permanent, error); items stay pending.");
        _ruleReloads = Meter.CreateCounter<long>("newswatcher.rules.reloads", "{reload}", "Watch-rule reloads by result (success, failure).");
    }

    public Meter Meter { get; }

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
        var feed = new KeyValuePair<string, object?>("feed", feedId);
        _articlesParsed.Add(batch.Count, feed);
        var now = _health.Now;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!isNew[i])
            {
                continue;
            }

            _articlesNew.Add(1, feed);

            // Deliveries carry the matches per subscriber; one article counts once per watch.
            var matches = batch[i].Deliveries
                .SelectMany(d => d.Item.Matches)
                .DistinctBy(m => m.WatchId, StringComparer.Ordinal)
                .ToList();
            foreach (var match in matches)
            {
                _matches.Add(1, new KeyValuePair<string, object?>("watch", match.WatchId), new KeyValuePair<string, object?>("category", match.Category));
            }

            if (matches.Count > 0)
            {
                _recent.Add(new RecentMatch(now, batch[i].Article, matches));
            }
        }
    }

    /// <summary>A poll finished: counts it and updates the feed's health (failures, last success, silence).</summary>
    public void PollCompleted(FeedDefinition feed, PollOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == "deferred")
        {
            return; // not due yet (backoff, Retry-After, max-age): no request was made
        }

        _polls.Add(1, new KeyValuePair<string, object?>("feed", outcome.FeedId), new KeyValuePair<string, object?>("outcome", outcome.Status));
        _health.Record(feed, outcome);
    }

    /// <summary>A send attempt for one outbox finished; "nothing" is not counted.</summary>
    /// <param name="outbox">Alert or digest.</param>
    /// <param name="transport">The channel: email, webhook, slack, telegram or ntfy.</param>
    public void SendCompleted(DeliveryChannel outbox, SendOutcome outcome, string transport = "email")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var channelTag = new KeyValuePair<string, object?>("channel", transport);
        var outboxTag = new KeyValuePair<string, object?>("outbox", outbox == DeliveryChannel.Alert ? "alert" : "digest");
        switch (outcome.Status)
        {
            case "sent":
                _digestsSent.Add(1, channelTag, outboxTag);
                break;
            case "deferred":
                _digestsFailed.Add(1, channelTag, outboxTag, new KeyValuePair<string, object?>("kind", "transient"));
                break;
            case "failed":
                _digestsFailed.Add(1, channelTag, outboxTag, new KeyValuePair<string, object?>("kind", "permanent"));
                break;
            case "error":
                _digestsFailed.Add(1, channelTag, outboxTag, new KeyValuePair<string, object?>("kind", "error"));
                break;
            default:
                break;
        }
    }

    /// <summary>For the rules hot reload: a changed watches file was applied (or refused).</summary>
    public void RulesReloaded(bool succeeded) =>
        _ruleReloads.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));
}
