using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Outbox;

/// <summary>
/// Pending items live in one hash per subscriber and channel (field = item key, value = JSON); the message being
/// sent is one JSON value beside it, so a restart finds the exact bytes to resend.
/// </summary>
internal sealed class RedisPendingStore : IPendingStore
{
    /// <summary>How many permanent failures are kept per subscriber.</summary>
    public const int FailedKept = 100;

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;

    public RedisPendingStore(RedisConnection connection, IOptions<StorageOptions> options, ILogger<RedisPendingStore> logger)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
        _logger = logger;
    }

    public async Task<IReadOnlyList<DigestItem>> ListAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(_keys.Pending(subscriberId, outbox)).WaitAsync(cancellationToken).ConfigureAwait(false);

        var items = new List<DigestItem>(entries.Length);
        foreach (var entry in entries)
        {
            // One bad entry (hand-edited, older format) must not block a subscriber's whole digest.
            try
            {
                if (JsonSerializer.Deserialize((string)entry.Value!, StoreJsonContext.Default.DigestItem) is { } item)
                {
                    items.Add(item);
                    continue;
                }

                Log.CorruptPendingItem(_logger, entry.Name.ToString(), subscriberId, outbox.ToString(), null);
            }
            catch (JsonException ex)
            {
                Log.CorruptPendingItem(_logger, entry.Name.ToString(), subscriberId, outbox.ToString(), ex);
            }
        }

        // Hash order is arbitrary; callers get a stable order (oldest first).
        items.Sort(static (x, y) =>
        {
            var byTime = x.Article.Published.CompareTo(y.Article.Published);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Key, y.Key);
        });
        return items;
    }

    public async Task<SendingRecord?> GetSendingAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var value = await database.StringGetAsync(_keys.Sending(subscriberId, outbox)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        // A corrupt record is dropped rather than retried forever: its items are still pending and go out in the next message.
        try
        {
            var record = JsonSerializer.Deserialize((string)value!, StoreJsonContext.Default.SendingRecord);
            if (record is null)
            {
                Log.CorruptSendingRecord(_logger, subscriberId, outbox.ToString(), null);
            }

            return record;
        }
        catch (JsonException ex)
        {
            Log.CorruptSendingRecord(_logger, subscriberId, outbox.ToString(), ex);
            return null;
        }
    }

    public async Task BeginSendingAsync(string subscriberId, OutboxKind outbox, SendingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.Serialize(record, StoreJsonContext.Default.SendingRecord);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.StringSetAsync(_keys.Sending(subscriberId, outbox), json).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AckAsync(string subscriberId, OutboxKind outbox, SendingRecord record, CancellationToken cancellationToken, DateTimeOffset? sentAt = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);

        // MULTI/EXEC: either both the items and the record go, or neither (a resend then carries the same items).
        var transaction = database.CreateTransaction();
        RemoveSent(transaction, subscriberId, outbox, record);
        if (sentAt is { } at)
        {
            _ = transaction.StringSetAsync(_keys.LastSent(subscriberId), at.ToUnixTimeMilliseconds());
        }

        await CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> LastSentAsync(string subscriberId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var value = await database.StringGetAsync(_keys.LastSent(subscriberId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.TryParse(out long milliseconds) ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    public async Task FailAsync(string subscriberId, OutboxKind outbox, SendingRecord record, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken, IReadOnlyList<string>? titles = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var failed = new FailedDelivery(record.DigestId, record.ItemKeys, reason, failedAt) { Titles = titles ?? [] };
        var json = JsonSerializer.Serialize(failed, StoreJsonContext.Default.FailedDelivery);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        _ = transaction.ListLeftPushAsync(_keys.Failed(subscriberId), json);
        _ = transaction.ListTrimAsync(_keys.Failed(subscriberId), 0, FailedKept - 1);
        RemoveSent(transaction, subscriberId, outbox, record);
        await CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FailedDelivery>> ListFailedAsync(string subscriberId, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var values = await database.ListRangeAsync(_keys.Failed(subscriberId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. values.Select(v => JsonSerializer.Deserialize((string)v!, StoreJsonContext.Default.FailedDelivery)).OfType<FailedDelivery>()];
    }

    public async Task<long> CountAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await database.HashLengthAsync(_keys.Pending(subscriberId, outbox)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CommitAsync(ITransaction transaction, CancellationToken cancellationToken)
    {
        var committed = await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!committed)
        {
            throw new InvalidOperationException("The outbox transaction was not committed.");
        }
    }

    private void RemoveSent(ITransaction transaction, string subscriberId, OutboxKind outbox, SendingRecord record)
    {
        if (record.ItemKeys.Count > 0)
        {
            var fields = new RedisValue[record.ItemKeys.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = record.ItemKeys[i];
            }

            _ = transaction.HashDeleteAsync(_keys.Pending(subscriberId, outbox), fields);
        }

        _ = transaction.KeyDeleteAsync(_keys.Sending(subscriberId, outbox));
    }
}
