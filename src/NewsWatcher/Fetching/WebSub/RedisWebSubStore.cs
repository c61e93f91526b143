using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Fetching.WebSub;

/// <summary>
/// WebSub subscriptions in the shared store: one hash (feed id to JSON) every replica reads, so whichever replica the
/// hub calls back can verify and accept; and claims (SET NX with expiry) so exactly one replica sends each request.
/// </summary>
internal sealed class RedisWebSubStore
{
    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisWebSubStore(RedisConnection connection, IOptions<StorageOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    public async Task<WebSubSubscription?> GetAsync(string feedId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        var json = await database.HashGetAsync(_keys.WebSubSubscriptions(), feedId).WaitAsync(cancellationToken).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : Read(json!);
    }

    public async Task<IReadOnlyList<WebSubSubscription>> GetAllAsync(CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        var entries = await database.HashGetAllAsync(_keys.WebSubSubscriptions()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => Read(e.Value!)).OfType<WebSubSubscription>()];
    }

    public async Task SaveAsync(WebSubSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        var json = JsonSerializer.Serialize(subscription, StoreJsonContext.Default.WebSubSubscription);
        await database.HashSetAsync(_keys.WebSubSubscriptions(), subscription.FeedId, json).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string feedId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        await database.HashDeleteAsync(_keys.WebSubSubscriptions(), feedId).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for exactly one caller per <paramref name="request"/> until <paramref name="hold"/> has passed.</summary>
    public async Task<bool> TryClaimAsync(string feedId, string request, TimeSpan hold, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        return await database.StringSetAsync(_keys.WebSubClaim(feedId, request), "1", hold, When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static WebSubSubscription? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, StoreJsonContext.Default.WebSubSubscription);
        }
        catch (JsonException)
        {
            // An entry another version wrote differently is subscribed afresh on the next fetch.
            return null;
        }
    }
}
