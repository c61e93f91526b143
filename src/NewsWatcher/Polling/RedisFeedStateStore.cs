using System.Globalization;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Polling;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Polling;

/// <summary>Conditional-GET validators and health per feed, one small hash per feed.</summary>
internal sealed class RedisFeedStateStore : IFeedStateStore
{
    private static readonly RedisValue ETagField = "etag";
    private static readonly RedisValue LastModifiedField = "lastModified";
    private static readonly RedisValue[] ValidatorFields = [ETagField, LastModifiedField];
    private static readonly RedisValue[] HealthFields = ["lastSuccess", "lastAttempt", "lastError", "lastErrorAt", "lastNew", "failures", "nextPoll", "goneUrl", "movedFrom", "movedTo", "interval", "rhythm", "nextReason", "publisherWait"];

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisFeedStateStore(RedisConnection connection, IOptions<StorageOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    public async Task<FeedValidators?> GetValidatorsAsync(string feedId, CancellationToken cancellationToken) =>
        (await GetStateAsync(feedId, cancellationToken).ConfigureAwait(false)).Validators;

    public async Task SetValidatorsAsync(string feedId, FeedValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        AddValidators(transaction, _keys.Feed(feedId), validators);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<FeedState> GetStateAsync(string feedId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        return Read(await database.HashGetAllAsync(_keys.Feed(feedId)).WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<FeedState>> GetStatesAsync(IReadOnlyList<string> feedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedIds);
        if (feedIds.Count == 0)
        {
            return [];
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.ReadEachAsync(feedIds, (batch, id) => batch.HashGetAllAsync(_keys.Feed(id)), cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(Read)];
    }

    private static FeedState Read(HashEntry[] entries)
    {
        var map = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        string? Text(string name) => map.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        DateTimeOffset? Time(string name) => long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

        var etag = Text("etag");
        var lastModified = Text("lastModified");
        var health = new FeedHealth
        {
            LastSuccess = Time("lastSuccess"),
            LastAttempt = Time("lastAttempt"),
            LastError = Text("lastError"),
            LastErrorAt = Time("lastErrorAt"),
            LastNewArticle = Time("lastNew"),
            ConsecutiveFailures = int.TryParse(Text("failures"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var failures) ? failures : 0,
            NextPoll = Time("nextPoll"),
            GoneUrl = Text("goneUrl"),
            MovedFrom = Text("movedFrom"),
            MovedTo = Text("movedTo"),
            Rhythm = PublicationRhythm.Parse(Text("rhythm")),
            NextPollReason = Text("nextReason"),
            Interval = long.TryParse(Text("interval"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var interval) ? TimeSpan.FromMilliseconds(interval) : null,
            PublisherWait = long.TryParse(Text("publisherWait"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var wait) ? TimeSpan.FromMilliseconds(wait) : null,
        };
        return new FeedState(etag is null && lastModified is null ? null : new FeedValidators(etag, lastModified), health);
    }

    public async Task SaveStateAsync(string feedId, FeedHealth health, FeedValidators? validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var key = _keys.Feed(feedId);

        // MULTI/EXEC: one round trip, and a reader never sees half of the old health and half of the new.
        var transaction = database.CreateTransaction();
        _ = transaction.HashDeleteAsync(key, HealthFields);
        var fields = new List<HashEntry>(HealthFields.Length);
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add(new HashEntry(name, value));
            }
        }

        static string? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        Add("lastSuccess", Ms(health.LastSuccess));
        Add("lastAttempt", Ms(health.LastAttempt));
        Add("lastError", health.LastError);
        Add("lastErrorAt", Ms(health.LastErrorAt));
        Add("lastNew", Ms(health.LastNewArticle));
        Add("failures", health.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture));
        Add("nextPoll", Ms(health.NextPoll));
        Add("goneUrl", health.GoneUrl);
        Add("movedFrom", health.MovedFrom);
        Add("movedTo", health.MovedTo);
        static string? Span(TimeSpan? span) => span is { } value ? ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null;
        Add("interval", Span(health.Interval));
        Add("publisherWait", Span(health.PublisherWait));
        Add("rhythm", health.Rhythm?.ToText());
        Add("nextReason", health.NextPollReason);
        _ = transaction.HashSetAsync(key, [.. fields]);
        if (validators is not null)
        {
            AddValidators(transaction, key, validators);
        }

        StoreMetrics.RoundTrips.Add(1);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces both validator fields: one the server stopped sending must not linger from an older response.</summary>
    private static void AddValidators(ITransaction transaction, RedisKey key, FeedValidators validators)
    {
        _ = transaction.HashDeleteAsync(key, ValidatorFields);
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
    }
}
