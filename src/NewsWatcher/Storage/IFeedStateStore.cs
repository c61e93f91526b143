namespace NewsWatcher.Storage;

/// <summary>Per-feed fetch state kept in the store.</summary>
public interface IFeedStateStore
{
    Task<FeedValidators?> GetValidatorsAsync(string feedId, CancellationToken cancellationToken);

    Task SetValidatorsAsync(string feedId, FeedValidators validators, CancellationToken cancellationToken);
}
