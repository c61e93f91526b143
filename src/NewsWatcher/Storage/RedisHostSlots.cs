using Microsoft.Extensions.Options;
using NewsWatcher.Fetching;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>
/// Cluster-wide request slots per host: a sorted set per host of lease tokens scored by when each lease runs out,
/// claimed by one script (expired leases dropped, count checked, new lease added) so no two replicas overbook a host.
/// </summary>
internal sealed class RedisHostSlots : IHostSlots
{
    // KEYS[1] the host's slots; ARGV: now (ms), lease end (ms), limit, token, key ttl (ms).
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        return 0
        """;

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;

    public RedisHostSlots(RedisConnection connection, IOptions<StorageOptions> options, TimeProvider time)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
        _time = time;
    }

    public async Task<string?> TryAcquireAsync(string host, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var token = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var leaseMs = (long)lease.TotalMilliseconds;
        StoreMetrics.RoundTrips.Add(1);
        var taken = (long)await database.ScriptEvaluateAsync(
            AcquireScript,
            [_keys.HostSlots(host)],
            [now, now + leaseMs, limit, token, leaseMs]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return taken == 1 ? token : null;
    }

    public async Task ReleaseAsync(string host, string token)
    {
        var database = await _connection.GetDatabaseAsync(CancellationToken.None).ConfigureAwait(false);
        StoreMetrics.RoundTrips.Add(1);
        await database.SortedSetRemoveAsync(_keys.HostSlots(host), token).ConfigureAwait(false);
    }
}
