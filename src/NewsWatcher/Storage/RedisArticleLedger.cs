using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>
/// Dedup and enqueue in one atomic Lua script per batch: one round trip, and no window in which an article is
/// marked seen but its matches are not yet queued (a crash there would lose them).
/// </summary>
/// <remarks>
/// Every key the script touches is declared in KEYS: Redis Cluster needs that, and Garnet's Lua transaction
/// mode locks exactly the declared keys, which is what makes the script atomic on the embedded server too.
/// MULTI/EXEC cannot do this job: whether to enqueue depends on the results of the set-if-absent commands.
/// </remarks>
public sealed class RedisArticleLedger : IArticleLedger
{
    // ARGV: ttl-ms, article count, then per article: seen-key count, seen-key indexes..., delivery count,
    // then per delivery: pending-key index, hash field, hash value. Indexes point into KEYS (1-based).
    private const string RecordScript = """
        local ttl = ARGV[1]
        local count = tonumber(ARGV[2])
        local a = 3
        local result = {}
        for i = 1, count do
          local isNew = 1
          local seen = tonumber(ARGV[a])
          a = a + 1
          for s = 1, seen do
            if not redis.call('SET', KEYS[tonumber(ARGV[a])], '1', 'NX', 'PX', ttl) then
              isNew = 0
            end
            a = a + 1
          end
          local deliveries = tonumber(ARGV[a])
          a = a + 1
          if isNew == 1 then
            for d = 1, deliveries do
              redis.call('HSET', KEYS[tonumber(ARGV[a])], ARGV[a + 1], ARGV[a + 2])
              a = a + 3
            end
          else
            a = a + 3 * deliveries
          end
          result[i] = isNew
        end
        return result
        """;

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly long _seenTtlMilliseconds;

    public RedisArticleLedger(RedisConnection connection, IOptions<StoreOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
        _seenTtlMilliseconds = (long)options.Value.SeenTtl.TotalMilliseconds;
    }

    public async Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<ArticleDeliveries> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        var (keys, args) = BuildScriptInput(batch);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        // The client has no per-call cancellation; the token still stops us from waiting on a result nobody wants.
        var result = await database.ScriptEvaluateAsync(RecordScript, keys, args).WaitAsync(cancellationToken).ConfigureAwait(false);

        var flags = (RedisResult[])result!;
        if (flags.Length != batch.Count)
        {
            throw new InvalidOperationException($"The ledger script returned {flags.Length} results for {batch.Count} articles.");
        }

        var isNew = new bool[flags.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            isNew[i] = (long)flags[i] == 1;
        }

        return isNew;
    }

    private (RedisKey[] Keys, RedisValue[] Args) BuildScriptInput(IReadOnlyList<ArticleDeliveries> batch)
    {
        var keys = new List<RedisKey>();
        var keyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int IndexOf(RedisKey key)
        {
            var text = key.ToString();
            if (!keyIndex.TryGetValue(text, out var index))
            {
                keys.Add(key);
                index = keys.Count; // Lua arrays are 1-based.
                keyIndex.Add(text, index);
            }

            return index;
        }

        var args = new List<RedisValue>(2 + (batch.Count * 6))
        {
            _seenTtlMilliseconds.ToString(CultureInfo.InvariantCulture),
            batch.Count,
        };

        foreach (var entry in batch)
        {
            ArgumentNullException.ThrowIfNull(entry);
            var article = entry.Article;
            if (article.Link is null)
            {
                args.Add(1);
                args.Add(IndexOf(_keys.SeenId(article)));
            }
            else
            {
                args.Add(2);
                args.Add(IndexOf(_keys.SeenId(article)));
                args.Add(IndexOf(_keys.SeenLink(article.Link)));
            }

            args.Add(entry.Deliveries.Count);
            foreach (var delivery in entry.Deliveries)
            {
                args.Add(IndexOf(_keys.Pending(delivery.SubscriberId, delivery.Channel)));
                args.Add(delivery.Item.Key);
                args.Add(JsonSerializer.Serialize(delivery.Item, StoreJsonContext.Default.DigestItem));
            }
        }

        return (keys.ToArray(), args.ToArray());
    }
}
