using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Subscribers;

/// <summary>One hash for all preferences (field = outbox id, value = JSON): one read gives every replica the whole overlay.</summary>
internal sealed class RedisPreferenceStore : IPreferenceStore
{
    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisPreferenceStore(RedisConnection connection, IOptions<StorageOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    public async Task<IReadOnlyDictionary<string, SubscriberPreferences>> GetAllAsync(CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(_keys.Preferences()).WaitAsync(cancellationToken).ConfigureAwait(false);
        var all = new Dictionary<string, SubscriberPreferences>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Parse(entry.Value) is { } preferences)
            {
                all[entry.Name.ToString()] = preferences;
            }
        }

        return all;
    }

    public async Task<SubscriberPreferences?> GetAsync(string subscriberId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return Parse(await database.HashGetAsync(_keys.Preferences(), subscriberId).WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task SaveAsync(string subscriberId, SubscriberPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.HashSetAsync(_keys.Preferences(), subscriberId, JsonSerializer.Serialize(preferences, StoreJsonContext.Default.SubscriberPreferences)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task UnsubscribeAsync(string subscriberId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = await GetAsync(subscriberId, cancellationToken).ConfigureAwait(false) ?? new SubscriberPreferences();
        var json = JsonSerializer.Serialize(current with { Unsubscribed = true, UnsubscribedAt = at, UpdatedAt = at }, StoreJsonContext.Default.SubscriberPreferences);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(_keys.Preferences(), subscriberId, json);
        foreach (var channel in Enum.GetValues<OutboxKind>())
        {
            _ = transaction.KeyDeleteAsync(_keys.Pending(subscriberId, channel));
            _ = transaction.KeyDeleteAsync(_keys.Sending(subscriberId, channel));
        }

        if (!await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The unsubscribe transaction was not committed.");
        }
    }

    private static SubscriberPreferences? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)value!, StoreJsonContext.Default.SubscriberPreferences);
        }
        catch (JsonException)
        {
            // A damaged entry must not stop sending to everyone: that subscriber falls back to the file.
            return null;
        }
    }
}
