using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>Conditional-GET validators per feed, one small hash per feed.</summary>
public sealed class RedisFeedStateStore : IFeedStateStore
{
    private static readonly RedisValue ETagField = "etag";
    private static readonly RedisValue LastModifiedField = "lastModified";

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisFeedStateStore(RedisConnection connection, IOptions<StoreOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    public async Task<FeedValidators?> GetValidatorsAsync(string feedId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var values = await database.HashGetAsync(_keys.Feed(feedId), [ETagField, LastModifiedField])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var etag = values[0].IsNull ? null : values[0].ToString();
        var lastModified = values[1].IsNull ? null : values[1].ToString();
        return etag is null && lastModified is null ? null : new FeedValidators(etag, lastModified);
    }

    public async Task SetValidatorsAsync(string feedId, FeedValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var key = _keys.Feed(feedId);

        // Replace both fields together: a validator the server stopped sending must not linger from an older response.
        var transaction = database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        var fields = new List<HashEntry>(2);
        if (validators.ETag is not null)
        {
            fields.Add(new HashEntry(ETagField, validators.ETag));
        }

        if (validators.LastModified is not null)
        {
            fields.Add(new HashEntry(LastModifiedField, validators.LastModified));
        }

        if (fields.Count > 0)
        {
            _ = transaction.HashSetAsync(key, [.. fields]);
        }

        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
