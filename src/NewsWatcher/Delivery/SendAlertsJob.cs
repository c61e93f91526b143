using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using Quartz;

namespace NewsWatcher.Delivery;

/// <summary>
/// Runs every Polling:AlertInterval: sends waiting alerts (several coalesced into one message per subscriber, held
/// during quiet hours) and retries digests whose last attempt failed once their backoff is over, all over one connection.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendAlertsJob : IJob
{
    private readonly OutboxSender _sender;
    private readonly EditorConfigProvider _config;

    public SendAlertsJob(OutboxSender sender, EditorConfigProvider config)
    {
        _sender = sender;
        _config = config;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var subscribers = _config.Current.Routes.ToList();
        // Every subscriber's alert outbox, not only theirs who want alerts: after a config change, waiting alerts still go out.
        var requests = subscribers.Select(s => new SendRequest(s, OutboxKind.Alert))
            .Concat(subscribers.Select(s => new SendRequest(s, OutboxKind.Digest, ResumeOnly: true)))
            .ToList();

        // OutboxSender contains each subscriber's failures, so one bad address cannot stop the rest.
        await _sender.SendManyAsync(requests, force: false, cancellationToken).ConfigureAwait(false);
    }
}
