using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsWatcher.Http;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Http.Ops;

/// <summary>Readiness: the store answers a PING within a short time.</summary>
internal sealed class StoreHealthCheck(RedisConnection connection, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = new CancellationTokenSource(Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var kind = connection.IsEmbedded ? "embedded store" : "Redis";
        try
        {
            var database = await connection.GetDatabaseAsync(timeout.Token).ConfigureAwait(false);
            var latency = await database.PingAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{kind} answered PING in {latency.TotalMilliseconds:0.#} ms"));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{kind} is not reachable: {(ex is OperationCanceledException ? "no answer within 3 s" : ex.Message)}");
        }
    }
}
