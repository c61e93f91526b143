using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Feeds;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Fetching;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Pipeline;

/// <summary>Polls one feed: fetch → parse → match → dedup → enqueue. Every failure is contained to this feed.</summary>
public sealed class FeedPoller
{
    private readonly FeedFetcher _fetcher;
    private readonly IArticleLedger _ledger;
    private readonly IFeedStateStore _feedState;
    private readonly EditorConfigProvider _config;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedPoller> _logger;

    public FeedPoller(FeedFetcher fetcher, IArticleLedger ledger, IFeedStateStore feedState, EditorConfigProvider config, TimeProvider time, ILogger<FeedPoller> logger)
    {
        _fetcher = fetcher;
        _ledger = ledger;
        _feedState = feedState;
        _config = config;
        _time = time;
        _logger = logger;
    }

    public async Task<PollOutcome> PollAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var fetched = await _fetcher.FetchAsync(feed, cancellationToken).ConfigureAwait(false);
            if (fetched.Status == FetchStatus.NotModified)
            {
                Log.FeedNotModified(_logger, feed.Id);
                return new PollOutcome(feed.Id, "not_modified", 0, 0, 0);
            }

            if (fetched.Status == FetchStatus.Failed)
            {
                Log.FetchFailed(_logger, feed.Id, feed.Url, fetched.Error!);
                return new PollOutcome(feed.Id, "fetch_error", 0, 0, 0, fetched.Error);
            }

            var parsed = FeedParser.Parse(fetched.Content!, feed.Id, _time.GetUtcNow(), fetched.BaseUri);
            if (!parsed.Succeeded)
            {
                Log.ParseFailed(_logger, feed.Id, feed.Url, parsed.Error!);
                return new PollOutcome(feed.Id, "parse_error", 0, 0, 0, parsed.Error);
            }

            // Refresh: a saved watches.yaml takes effect at the next poll, without a restart.
            var config = _config.Refresh();
            var batch = parsed.Articles
                .Select(article => new ArticleDeliveries(article, MatchRouter.Route(article, config.Watches.Match(article), config.Subscribers)))
                .ToList();
            var isNew = await _ledger.RecordAsync(batch, cancellationToken).ConfigureAwait(false);

            // Validators are saved last: if anything above failed, the next poll refetches the full body.
            if (fetched.Validators is { } validators && (validators.ETag is not null || validators.LastModified is not null))
            {
                await _feedState.SetValidatorsAsync(feed.Id, validators, cancellationToken).ConfigureAwait(false);
            }

            var newCount = isNew.Count(n => n);
            var deliveries = batch.Where((_, i) => isNew[i]).Sum(b => b.Deliveries.Count);
            Log.FeedPolled(_logger, feed.Id, parsed.Articles.Count, newCount, deliveries, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new PollOutcome(feed.Id, "ok", parsed.Articles.Count, newCount, deliveries);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.StoreFailed(_logger, ex, feed.Id);
            return new PollOutcome(feed.Id, "store_error", 0, 0, 0, ex.Message);
        }
#pragma warning disable CA1031 // One feed must never stop the others: anything unexpected is logged and contained.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PollCrashed(_logger, ex, feed.Id);
            return new PollOutcome(feed.Id, "error", 0, 0, 0, ex.Message);
        }
    }
}
