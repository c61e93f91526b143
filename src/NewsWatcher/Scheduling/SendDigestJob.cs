using NewsWatcher.Configuration;
using NewsWatcher.Core.Digests;
using NewsWatcher.Diagnostics;
using NewsWatcher.Pipeline;
using Quartz;

namespace NewsWatcher.Scheduling;

/// <summary>Sends one subscriber's digest at their cadence.</summary>
[DisallowConcurrentExecution]
public sealed class SendDigestJob : IJob
{
    public const string SubscriberIdKey = "subscriberId";

    private readonly DigestSender _sender;
    private readonly EditorConfigProvider _config;
    private readonly NewsWatcherMetrics _metrics;

    public SendDigestJob(DigestSender sender, EditorConfigProvider config, NewsWatcherMetrics metrics)
    {
        _metrics = metrics;
        _sender = sender;
        _config = config;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var subscriberId = context.MergedJobDataMap.GetString(SubscriberIdKey);
        var subscriber = _config.Current.Subscribers.FirstOrDefault(s => s.Id == subscriberId);
        if (subscriber is not null)
        {
            _metrics.SendCompleted(DeliveryChannel.Digest, await _sender.SendAsync(subscriber, DeliveryChannel.Digest, cancellationToken).ConfigureAwait(false));
        }
    }
}
