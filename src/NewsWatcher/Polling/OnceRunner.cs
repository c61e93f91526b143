using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Delivery;
using NewsWatcher.Diagnostics;

namespace NewsWatcher.Polling;

/// <summary>The <c>once</c> command: poll every enabled feed, then send everything pending, then return.</summary>
internal sealed class OnceRunner
{
    private readonly FeedPoller _poller;
    private readonly OutboxSender _sender;
    private readonly EditorConfigProvider _config;
    private readonly PollingOptions _options;
    private readonly NewsWatcherMetrics _metrics;

    public OnceRunner(FeedPoller poller, OutboxSender sender, EditorConfigProvider config, IOptions<PollingOptions> options, NewsWatcherMetrics metrics)
    {
        _metrics = metrics;
        _poller = poller;
        _sender = sender;
        _config = config;
        _options = options.Value;
    }

    public async Task<OnceReport> RunAsync(CancellationToken cancellationToken)
    {
        var config = _config.Current;
        var polls = new System.Collections.Concurrent.ConcurrentBag<PollOutcome>();
        await Parallel.ForEachAsync(
            config.Feeds.Where(f => f.Enabled),
            new ParallelOptions { MaxDegreeOfParallelism = _options.OnceConcurrency, CancellationToken = cancellationToken },
            async (feed, token) =>
            {
                var outcome = await _poller.PollAsync(feed, token).ConfigureAwait(false);
                _metrics.PollCompleted(feed, outcome);
                polls.Add(outcome);
            }).ConfigureAwait(false);

        // Everything pending goes now, over one connection: a person asked for it, so quiet hours and backoff do not apply.
        var requests = config.Routes
            .SelectMany(s => new[] { new SendRequest(s, OutboxKind.Alert), new SendRequest(s, OutboxKind.Digest) })
            .ToList();
        var sends = await _sender.SendManyAsync(requests, force: true, cancellationToken).ConfigureAwait(false);

        return new OnceReport([.. polls.OrderBy(p => p.FeedId, StringComparer.Ordinal)], sends);
    }
}

/// <summary>What a <c>once</c> run did, for the command's summary and for tests.</summary>
internal sealed record OnceReport(IReadOnlyList<PollOutcome> Polls, IReadOnlyList<SendOutcome> Sends);
