using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Polling;
using NewsWatcher.Fetching.WebSub;
using StackExchange.Redis;

namespace NewsWatcher.Polling;

/// <summary>
/// The request budget the adaptive feeds share (<see cref="AdaptiveInterval.SharedScale"/>): worked out once an hour
/// from every adaptive feed's rhythm as stored, so a busy feed is polled more and a quiet one less while together they
/// make no more requests than the fixed schedule. Feeds their WebSub hub pushes are left out (polled only at the
/// safety interval). The states are read in one batch. Every replica reckons at the same hour boundaries from the same
/// stored rhythms and subscriptions, so replicas agree (but for the few polls made between their reads).
/// </summary>
internal sealed class SharedPollBudget : IDisposable
{
    /// <summary>How long one reckoning holds: rhythms move slowly, and reading every feed's state has a cost.</summary>
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private readonly IFeedStateStore _feedState;
    private readonly WebSubSubscriber _webSub;
    private readonly EditorConfigProvider _config;
    private readonly PollPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<SharedPollBudget> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset Until, EditorConfig Config, double? Scale)? _last;

    public SharedPollBudget(IFeedStateStore feedState, WebSubSubscriber webSub, EditorConfigProvider config, IOptions<PollingOptions> options, TimeProvider time, ILogger<SharedPollBudget> logger)
    {
        _feedState = feedState;
        _webSub = webSub;
        _config = config;
        _policy = options.Value.CreatePollPolicy();
        _time = time;
        _logger = logger;
    }

    /// <summary>The shared scale for now; null (each feed on its own budget) until a rhythm is learned or while the store does not answer.</summary>
    public async Task<double?> ScaleAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var config = _config.Current;
        if (_last is { } last && last.Until > now && ReferenceEquals(last.Config, config))
        {
            return last.Scale;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last is { } again && again.Until > now && ReferenceEquals(again.Config, config))
            {
                return again.Scale;
            }

            var adaptive = config.Feeds.Where(f => f.Enabled && f.Adaptive).ToList();
            var states = await _feedState.GetStatesAsync([.. adaptive.Select(f => f.Id)], cancellationToken).ConfigureAwait(false);
            var pushed = await _webSub.ActiveFeedsAsync(cancellationToken).ConfigureAwait(false);
            var feeds = new List<BudgetedFeed>(adaptive.Count);
            foreach (var (feed, state) in adaptive.Zip(states))
            {
                if (state.Health.Rhythm is { } rhythm)
                {
                    var (min, max) = _policy.Bounds(feed, FeedsOnHost(config, feed));
                    feeds.Add(new BudgetedFeed(rhythm, _policy.Interval(feed), min, max, pushed.Contains(feed.Id)));
                }
            }

            // The hour's reckoning holds to the end of the hour, so replicas recount at the same moments.
            var scale = AdaptiveInterval.SharedScale(feeds, now);
            var hourEnd = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero) + Period;
            _last = (hourEnd, config, scale);
            return scale;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.PollBudgetUnavailable(_logger, ex);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Enabled feeds on the feed's host, which share its request budget.</summary>
    public static int FeedsOnHost(EditorConfig config, FeedDefinition feed)
    {
        var host = Uri.TryCreate(feed.Url, UriKind.Absolute, out var uri) ? uri.Host : null;
        return host is null ? 1 : config.Feeds.Count(f => f.Enabled && Uri.TryCreate(f.Url, UriKind.Absolute, out var other) && string.Equals(other.Host, host, StringComparison.OrdinalIgnoreCase));
    }
}
