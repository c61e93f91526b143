using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using Quartz;

namespace NewsWatcher.Delivery;

/// <summary>Sends the digests of the subscribers due at this instant, over one SMTP connection.</summary>
[DisallowConcurrentExecution]
internal sealed class SendDigestJob : IJob
{
    /// <summary>Job data: the subscriber ids, one per line.</summary>
    public const string SubscriberIdsKey = "subscriberIds";

    private readonly OutboxSender _sender;
    private readonly EditorConfigProvider _config;

    public SendDigestJob(OutboxSender sender, EditorConfigProvider config)
    {
        _sender = sender;
        _config = config;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ids = (context.MergedJobDataMap.GetString(SubscriberIdsKey) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var requests = _config.Current.Routes
            .Where(s => ids.Contains(s.Id, StringComparer.Ordinal))
            .Select(s => new SendRequest(s, OutboxKind.Digest))
            .ToList();
        if (requests.Count > 0)
        {
            await _sender.SendManyAsync(requests, force: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
