using NewsWatcher.Configuration;
using NewsWatcher.Core.Digests;
using NewsWatcher.Diagnostics;
using NewsWatcher.Pipeline;
using Quartz;

namespace NewsWatcher.Scheduling;

/// <summary>Sends waiting urgent alerts for every subscriber who wants them immediately; several are coalesced into one message.</summary>
[DisallowConcurrentExecution]
public sealed class SendAlertsJob : IJob
{
    private readonly DigestSender _sender;
    private readonly EditorConfigProvider _config;
    private readonly NewsWatcherMetrics _metrics;

    public SendAlertsJob(DigestSender sender, EditorConfigProvider config, NewsWatcherMetrics metrics)
    {
        _metrics = metrics;
        _sender = sender;
        _config = config;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var subscriber in _config.Current.Subscribers.Where(s => s.ImmediateUrgent))
        {
            // DigestSender contains each subscriber's failures, so one bad address cannot stop the rest.
            _metrics.SendCompleted(DeliveryChannel.Alert, await _sender.SendAsync(subscriber, DeliveryChannel.Alert, cancellationToken).ConfigureAwait(false));
        }
    }
}
