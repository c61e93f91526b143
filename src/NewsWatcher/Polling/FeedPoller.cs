using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Retries;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Dedup;
using NewsWatcher.Diagnostics;
using NewsWatcher.Fetching;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Storage;
using NewsWatcher.Subscribers;
using StackExchange.Redis;

namespace NewsWatcher.Polling;

/// <summary>
/// Polls one feed: state → fetch → parse → match → dedup → enqueue → health. Every failure is contained to this feed
/// and backs it off; the first success after failures resets it.
/// </summary>
internal sealed class FeedPoller
{
    private readonly FeedFetcher _fetcher;
    private readonly IArticleLedger _ledger;
    private readonly IFeedStateStore _feedState;
    private readonly EditorConfigProvider _config;
    private readonly PollPolicy _policy;
    private readonly TimeProvider _time;
    private readonly JitterSource _jitter;
    private readonly ILogger<FeedPoller> _logger;
    private readonly NewsWatcherMetrics _metrics;
    private readonly RecentMatches _recent;

    private readonly SubscriberDirectory? _directory;
    private readonly AlertWakeup? _wakeup;
    private readonly WebSubSubscriber? _webSub;
    private readonly TimeSpan _pushedInterval;
    private readonly SharedPollBudget? _budget;

    /// <param name="directory">Subscribers' own changes (unsubscribed, paused, cadence, watches); null routes by the file alone.</param>
    /// <param name="wakeup">Told when an alert was queued, so it goes out now rather than at the next sweep; null leaves it to the sweep.</param>
    /// <param name="webSub">Told each fetch's hub links (subscribes when Http:PublicUrl is set); null never subscribes.</param>
    /// <param name="budget">The request budget adaptive feeds share; null: each adaptive feed keeps to its own.</param>
    public FeedPoller(FeedFetcher fetcher, IArticleLedger ledger, IFeedStateStore feedState, EditorConfigProvider config, IOptions<PollingOptions> options, TimeProvider time, JitterSource jitter, ILogger<FeedPoller> logger, NewsWatcherMetrics metrics, RecentMatches recent, SubscriberDirectory? directory = null, AlertWakeup? wakeup = null, WebSubSubscriber? webSub = null, SharedPollBudget? budget = null)
    {
        _budget = budget;
        _webSub = webSub;
        _pushedInterval = options.Value.PushedInterval;
        _wakeup = wakeup;
        _recent = recent;
        _directory = directory;
        _metrics = metrics;
        _fetcher = fetcher;
        _ledger = ledger;
        _feedState = feedState;
        _config = config;
        _policy = options.Value.CreatePollPolicy();
        _time = time;
        _jitter = jitter;
        _logger = logger;
    }

    /// <param name="feed">The feed to poll.</param>
    /// <param name="honourNextPoll">True for scheduled polls: a feed backed off or asked to wait is not polled before its time.</param>
    /// <param name="cancellationToken">Stops the poll.</param>
    public async Task<PollOutcome> PollAsync(FeedDefinition feed, bool honourNextPoll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var started = _time.GetTimestamp();
        var recorded = false;
        try
        {
            var now = _time.GetUtcNow();
            var state = await _feedState.GetStateAsync(feed.Id, cancellationToken).ConfigureAwait(false);
            var health = state.Health;
            if (health.GoneUrl == feed.Url)
            {
                return new PollOutcome(feed.Id, PollStatus.Disabled, 0, 0, 0, $"answered 410 Gone at {health.LastErrorAt:u}; give it a new url in feeds.yaml to poll it again");
            }

            if (honourNextPoll)
            {
                health = await RescheduleIfIntervalChangedAsync(feed, health, cancellationToken).ConfigureAwait(false);
                if (health.NextPoll is { } next && next > now)
                {
                    if (health.ConsecutiveFailures > 0 || !feed.Adaptive)
                    {
                        Log.PollSkipped(_logger, feed.Id, next, _policy.WaitReason(feed, health, next));
                    }
                    else
                    {
                        // An adaptive feed's trigger fires often to ask; saying "not yet" each time is noise.
                        Log.PollNotDue(_logger, feed.Id, next, _policy.WaitReason(feed, health, next));
                    }

                    return new PollOutcome(feed.Id, PollStatus.Deferred, 0, 0, 0) { Health = health };
                }
            }

            var url = health.MovedFrom == feed.Url && health.MovedTo is not null ? health.MovedTo : feed.Url;
            var fetched = await _fetcher.FetchAsync(feed, url, state.Validators, cancellationToken).ConfigureAwait(false);
            _metrics.FetchCompleted(feed.Id, _time.GetElapsedTime(started), fetched.Content?.Length ?? 0);
            health = health with { LastAttempt = now };
            if (fetched.PermanentlyMovedTo is { } moved && moved.ToString() != health.MovedTo)
            {
                Log.FeedMoved(_logger, feed.Id, feed.Url, moved.ToString());
                health = health with { MovedFrom = feed.Url, MovedTo = moved.ToString() };
            }

            switch (fetched.Status)
            {
                case FetchStatus.Gone:
                    Log.FeedGone(_logger, feed.Id, url);
                    health = health with { GoneUrl = feed.Url, LastError = fetched.Error, LastErrorAt = now, NextPoll = null };
                    await _feedState.SaveStateAsync(feed.Id, health, null, cancellationToken).ConfigureAwait(false);
                    return new PollOutcome(feed.Id, PollStatus.Gone, 0, 0, 0, fetched.Error) { Health = health };

                case FetchStatus.NotModified:
                    // No body, so no ttl: the one the last body gave still holds.
                    health = Succeeded(feed, PollPolicy.Learn(health, [], now), now, fetched.MaxAge, health.PublisherWait, await SharedScaleAsync(feed, cancellationToken).ConfigureAwait(false));
                    health = PushedSafetyNet(health, now, _webSub is not null && await _webSub.ActiveAsync(feed.Id, cancellationToken).ConfigureAwait(false) is not null);
                    await _feedState.SaveStateAsync(feed.Id, health, null, cancellationToken).ConfigureAwait(false);
                    Log.FeedNotModified(_logger, feed.Id);
                    return new PollOutcome(feed.Id, PollStatus.NotModified, 0, 0, 0) { Health = health };

                case FetchStatus.Failed:
                    health = Failed(feed, health, now, fetched.Error!, fetched.RetryAfter);
                    await _feedState.SaveStateAsync(feed.Id, health, null, cancellationToken).ConfigureAwait(false);
                    Log.FetchFailed(_logger, feed.Id, url, fetched.Error!, health.ConsecutiveFailures, health.NextPoll!.Value);
                    return new PollOutcome(feed.Id, PollStatus.FetchError, 0, 0, 0, fetched.Error) { Health = health };
            }

            var parsed = FeedParser.Parse(fetched.Content!, feed.Id, now, fetched.BaseUri, fetched.Charset);
            if (!parsed.Succeeded)
            {
                health = Failed(feed, health, now, parsed.Error!, null);
                await _feedState.SaveStateAsync(feed.Id, health, null, cancellationToken).ConfigureAwait(false);
                Log.ParseFailed(_logger, feed.Id, url, parsed.Error!, health.ConsecutiveFailures, health.NextPoll!.Value);
                return new PollOutcome(feed.Id, PollStatus.ParseError, 0, 0, 0, parsed.Error) { Health = health };
            }

            if (parsed.Repairs.Count > 0)
            {
                Log.FeedRepaired(_logger, feed.Id, string.Join("; ", parsed.Repairs));
            }

            var (batch, isNew) = await IngestAsync(feed, parsed.Articles, now, pushed: false, cancellationToken).ConfigureAwait(false);
            recorded = true;
            var links = HubLinks.Discover(fetched.LinkHeaders, fetched.Content, fetched.BaseUri);
            var pushActive = _webSub is not null && await _webSub.ObserveAsync(feed, links, cancellationToken).ConfigureAwait(false);

            // Validators are saved last: if anything above failed, the next poll refetches the full body.
            var validators = fetched.Validators is { } v && (v.ETag is not null || v.LastModified is not null) ? v : null;
            var newCount = isNew.Count(n => n);
            health = PollPolicy.Learn(health, parsed.Articles.Where((_, i) => isNew[i]).Select(a => a.PublishedIsFirstSeen ? now : a.Published), now);
            health = Succeeded(feed, health, now, fetched.MaxAge, parsed.Ttl, await SharedScaleAsync(feed, cancellationToken).ConfigureAwait(false));
            health = PushedSafetyNet(health, now, pushActive);

            health = newCount > 0 ? health with { LastNewArticle = now } : health;
            await _feedState.SaveStateAsync(feed.Id, health, validators, cancellationToken).ConfigureAwait(false);

            var deliveries = batch.Where((_, i) => isNew[i]).Sum(b => b.Deliveries.Count);
            Log.FeedPolled(_logger, feed.Id, parsed.Articles.Count, newCount, deliveries, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return new PollOutcome(feed.Id, PollStatus.Ok, parsed.Articles.Count, newCount, deliveries) { Health = health };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StoreWriteUnconfirmedException ex)
        {
            Log.StoreWriteUnconfirmed(_logger, ex, feed.Id);
            return new PollOutcome(feed.Id, PollStatus.StoreUnconfirmed, 0, 0, 0, ex.Message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (recorded)
            {
                Log.StoreFailedAfterRecord(_logger, ex, feed.Id);
            }
            else
            {
                Log.StoreFailed(_logger, ex, feed.Id);
            }

            return new PollOutcome(feed.Id, PollStatus.StoreError, 0, 0, 0, ex.Message);
        }
#pragma warning disable CA1031 // One feed must never stop the others: anything unexpected is logged and contained.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PollCrashed(_logger, ex, feed.Id);
            return new PollOutcome(feed.Id, PollStatus.Error, 0, 0, 0, ex.Message);
        }
    }

    /// <summary>
    /// A hub's content notification (WebSub): the body is parsed, matched, staged, deduplicated and enqueued exactly as a
    /// poll's would be, marked as pushed, and an urgent match wakes the alert sender. The feed's poll state is left alone.
    /// </summary>
    public async Task<PollOutcome> PushAsync(FeedDefinition feed, byte[] body, string? charset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(body);
        var started = _time.GetTimestamp();
        try
        {
            var now = _time.GetUtcNow();
            var parsed = FeedParser.Parse(body, feed.Id, now, Uri.TryCreate(feed.Url, UriKind.Absolute, out var baseUri) ? baseUri : null, charset);
            if (!parsed.Succeeded)
            {
                Log.PushParseFailed(_logger, feed.Id, parsed.Error!);
                return new PollOutcome(feed.Id, PollStatus.ParseError, 0, 0, 0, parsed.Error);
            }

            var (batch, isNew) = await IngestAsync(feed, parsed.Articles, now, pushed: true, cancellationToken).ConfigureAwait(false);
            var deliveries = batch.Where((_, i) => isNew[i]).Sum(b => b.Deliveries.Count);
            Log.FeedPushed(_logger, feed.Id, parsed.Articles.Count, isNew.Count(n => n), deliveries, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return new PollOutcome(feed.Id, PollStatus.Ok, parsed.Articles.Count, isNew.Count(n => n), deliveries);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or StoreWriteUnconfirmedException)
        {
            // Nothing was marked seen unless the store confirmed it: the next poll finds what this push could not record.
            Log.StoreFailed(_logger, ex, feed.Id);
            return new PollOutcome(feed.Id, PollStatus.StoreError, 0, 0, 0, ex.Message);
        }
    }

    /// <summary>
    /// Parse's successors, shared by a poll and a push: match → stage → dedup → enqueue, then wake the alert sender when
    /// an alert was queued. Articles seen in an earlier poll are not matched again (matching is the costly stage; the
    /// ledger still decides).
    /// </summary>
    private async Task<(List<ArticleDeliveries> Batch, IReadOnlyList<bool> IsNew)> IngestAsync(FeedDefinition feed, IReadOnlyList<Article> articles, DateTimeOffset now, bool pushed, CancellationToken cancellationToken)
    {
        // The rules in use now: a saved watches.yaml is compiled and swapped in by WatchesReloader, never on this path.
        var config = _config.Current;
        var seen = await _ledger.AreSeenAsync(articles, cancellationToken).ConfigureAwait(false);
        var routes = _directory is null || seen.All(s => s) ? config.Routes : await _directory.ActiveRoutesAsync(config.Routes, cancellationToken).ConfigureAwait(false);
        var batch = articles
            .Select((article, i) => seen[i] ? new ArticleDeliveries(article, []) : Route(config, article, routes, now, pushed))
            .ToList();
        var isNew = await _ledger.RecordAsync(batch, cancellationToken).ConfigureAwait(false);
        if (batch.Where((_, i) => isNew[i]).Any(b => b.Deliveries.Any(d => d.Outbox == OutboxKind.Alert)))
        {
            _wakeup?.Wake();
        }

        // Before the event count moves, so a status read that sees the new count also sees these matches.
        await _recent.RecordAsync(feed.Id, batch, isNew, cancellationToken).ConfigureAwait(false);
        _metrics.ArticlesRecorded(feed.Id, batch, isNew);
        return (batch, isNew);
    }

    /// <summary>
    /// The stored next-poll time was set with the interval of then: with another interval now (feeds.yaml or
    /// Polling:DefaultInterval changed) it moves, and is saved so the change is made and logged once.
    /// </summary>
    private async Task<FeedHealth> RescheduleIfIntervalChangedAsync(FeedDefinition feed, FeedHealth health, CancellationToken cancellationToken)
    {
        var interval = _policy.Interval(feed);
        if (health.NextPoll is not { } old || health.Interval is not { } oldInterval || oldInterval == interval)
        {
            return health;
        }

        var moved = health with { NextPoll = _policy.NextPoll(feed, health), Interval = interval };
        await _feedState.SaveStateAsync(feed.Id, moved, null, cancellationToken).ConfigureAwait(false);
        Log.NextPollMoved(_logger, feed.Id, oldInterval, interval, old, moved.NextPoll!.Value);
        return moved;
    }

    /// <summary>Matches an article and, only when it matched, gives it its stage and conflict (the cheap path for the many that do not).</summary>
    private static ArticleDeliveries Route(EditorConfig config, Article article, IReadOnlyList<Route> routes, DateTimeOffset now, bool pushed)
    {
        var matches = config.Watches.Match(article);
        if (matches.Count == 0)
        {
            return new ArticleDeliveries(article, []);
        }

        var stage = config.Stages.Classify(article, matches);
        var matched = new MatchedArticle(article, matches) { Stage = stage, Thread = config.Threads.Facts(article, stage) };
        var deliveries = MatchRouter.Route(matched, routes, now);
        if (pushed)
        {
            deliveries = [.. deliveries.Select(d => d with { Item = d.Item with { Pushed = true } })];
        }

        return new ArticleDeliveries(article, deliveries) { Matched = matched };
    }

    /// <summary>Polls regardless of the feed's next-poll time (the <c>once</c> command); a 410 Gone feed stays off.</summary>
    public Task<PollOutcome> PollAsync(FeedDefinition feed, CancellationToken cancellationToken) => PollAsync(feed, honourNextPoll: false, cancellationToken);

    private FeedHealth Succeeded(FeedDefinition feed, FeedHealth health, DateTimeOffset now, TimeSpan? maxAge, TimeSpan? ttl, double? sharedScale)
    {
        if (health.ConsecutiveFailures > 0)
        {
            Log.FeedRecovered(_logger, feed.Id, health.ConsecutiveFailures);
        }

        return _policy.Succeeded(feed, health, now, maxAge, ttl, SharedPollBudget.FeedsOnHost(_config.Current, feed), sharedScale);
    }

    private async Task<double?> SharedScaleAsync(FeedDefinition feed, CancellationToken cancellationToken) =>
        feed.Adaptive && _budget is not null ? await _budget.ScaleAsync(cancellationToken).ConfigureAwait(false) : null;

    /// <summary>A feed its hub pushes is polled only as the safety net for a hub that falls silent (Polling:PushedInterval).</summary>
    private FeedHealth PushedSafetyNet(FeedHealth health, DateTimeOffset now, bool pushActive) =>
        pushActive ? PollPolicy.Pushed(health, now, _pushedInterval) : health;

    private FeedHealth Failed(FeedDefinition feed, FeedHealth health, DateTimeOffset now, string error, DateTimeOffset? retryAfter) =>
        _policy.Failed(feed, health, now, error, retryAfter, _jitter.Next());

    /// <summary>See <see cref="PollPolicy.Backoff"/>.</summary>
    internal static TimeSpan Backoff(TimeSpan interval, int failures, TimeSpan cap, double random) => PollPolicy.Backoff(interval, failures, cap, random);
}
