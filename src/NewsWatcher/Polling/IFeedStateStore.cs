using NewsWatcher.Core.Polling;

namespace NewsWatcher.Polling;

/// <summary>Per-feed fetch state kept in the store: conditional-GET validators and health.</summary>
internal interface IFeedStateStore
{
    Task<FeedValidators?> GetValidatorsAsync(string feedId, CancellationToken cancellationToken);

    Task SetValidatorsAsync(string feedId, FeedValidators validators, CancellationToken cancellationToken);

    /// <summary>Validators and health in one round trip.</summary>
    Task<FeedState> GetStateAsync(string feedId, CancellationToken cancellationToken);

    /// <summary>Many feeds' states in one pipelined batch, in the order of <paramref name="feedIds"/>.</summary>
    Task<IReadOnlyList<FeedState>> GetStatesAsync(IReadOnlyList<string> feedIds, CancellationToken cancellationToken);

    /// <summary>Replaces the health, and the validators when given, in one atomic round trip.</summary>
    Task SaveStateAsync(string feedId, FeedHealth health, FeedValidators? validators, CancellationToken cancellationToken);
}
