using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Fetching.WebSub;

/// <summary>Runs <see cref="WebSubSubscriber.RenewDueAsync"/> every <see cref="Interval"/> while WebSub is on.</summary>
internal sealed class WebSubRenewer : BackgroundService
{
    /// <summary>How often subscriptions are checked: far below the one-minute least margin a renewal keeps before the lease ends.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    private readonly WebSubSubscriber _subscriber;
    private readonly TimeProvider _time;
    private readonly ILogger<WebSubRenewer> _logger;

    public WebSubRenewer(WebSubSubscriber subscriber, TimeProvider time, ILogger<WebSubRenewer> logger)
    {
        _logger = logger;
        _subscriber = subscriber;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_subscriber.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, _time, stoppingToken).ConfigureAwait(false);
                try
                {
                    await _subscriber.RenewDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // The store is down: the next sweep tries again; leases keep a margin for this.
                    Log.SweepFailed(_logger, ex, "(all)");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
