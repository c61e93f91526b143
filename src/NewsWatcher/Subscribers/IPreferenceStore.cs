using NewsWatcher.Core.Subscribers;
using NewsWatcher.Storage;

namespace NewsWatcher.Subscribers;

/// <summary>Subscribers' own changes (the preferences page), per outbox id, shared by every replica.</summary>
internal interface IPreferenceStore
{
    Task<IReadOnlyDictionary<string, SubscriberPreferences>> GetAllAsync(CancellationToken cancellationToken);

    Task<SubscriberPreferences?> GetAsync(string subscriberId, CancellationToken cancellationToken);

    Task SaveAsync(string subscriberId, SubscriberPreferences preferences, CancellationToken cancellationToken);

    /// <summary>Records the unsubscribe and empties the outbox's pending items in one atomic step.</summary>
    Task UnsubscribeAsync(string subscriberId, DateTimeOffset at, CancellationToken cancellationToken);
}
